// A program's own port on a switch (pktgen, tests): attach, then send and receive batches
// of frames, sleeping on kicks when there is nothing to do (or spinning, if asked).
#pragma once
#include <memory>
#include <string>

#include "netfront/port_memory.hh"
#include "netfront/ring.hh"
#include "netfront/switch_client.hh"

namespace clickos::netfront {

class RingClient {
  public:
    bool open(const AttachRequest& req, std::string& error);
    ~RingClient();
    // Room in the transmit ring; frames written with frame_at(i) and set_length(i), then send(n).
    uint32_t tx_space() { return tx_.space(); }
    uint8_t* tx_frame(uint32_t i) { return mem_->frame(tx_.slot(i).buf); }
    void set_length(uint32_t i, uint32_t len) { tx_.slot(i).len = uint16_t(len); }
    void send(uint32_t n) { tx_.publish(n); }
    // Waits for room (sleeping on the switch's kick unless `busy`); false on timeout.
    bool wait_tx(bool busy, int64_t timeout_ns);
    // Frames received: rx_frame(i), rx_length(i) for i < n, then release(n).
    uint32_t rx_available() { return rx_.available(); }
    const uint8_t* rx_frame(uint32_t i) { return mem_->frame(rx_.slot(i).buf); }
    uint32_t rx_length(uint32_t i) { return rx_.slot(i).len; }
    void release(uint32_t n) { rx_.release(n); }
    bool wait_rx(bool busy, int64_t timeout_ns);
    uint32_t max_frame() const { return mem_->max_frame(); }
    int port_id() const { return r_.port_id; }

  private:
    AttachResult r_;
    std::unique_ptr<PortMemory> mem_;
    RingProducer tx_;
    RingConsumer rx_;
};

}  // namespace clickos::netfront
