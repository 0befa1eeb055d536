// pktgen's port on a Linux interface (--ifname): the same calls as netfront::RingClient, over
// platform::PacketSocket (the AF_PACKET code the switch's NIC ports use). Frames to send are
// staged in a buffer and handed to the kernel through the transmit ring with one send();
// received frames are read in place from the TPACKET_V2 receive ring.
//
// A sink (rx mode) gathers a stream as the switch's NIC ports do: when its last sleep on the
// socket was short, it sleeps pause_ns on a timer instead, so that the sender's kernel, which
// delivers each frame, does not also wake it for nearly every frame. ping and pong do not.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "clickos/packet_socket.hh"

namespace clickos::pktgen {

class NicPort {
  public:
    static constexpr uint32_t batch = platform::PacketSocket::max_send_batch;

    bool open(const std::string& ifname, uint32_t max_frame, bool gather, std::string& error);
    uint32_t tx_space() const { return batch; }
    uint8_t* tx_frame(uint32_t i) { return &tx_buf_[size_t(i) * max_frame_]; }
    void set_length(uint32_t i, uint32_t len) { tx_len_[i] = len; }
    // Sends the first n staged frames; returns how many the kernel took (the rest are dropped).
    uint32_t send(uint32_t n);
    // After a send the kernel refused for a full queue: waits until the socket is writable.
    bool wait_tx(bool busy, int64_t timeout_ns);
    uint32_t rx_available();
    const uint8_t* rx_frame(uint32_t i) const { return rx_[i].data; }
    uint32_t rx_length(uint32_t i) const { return rx_[i].length; }
    void release(uint32_t n);
    bool wait_rx(bool busy, int64_t timeout_ns);

  private:
    std::unique_ptr<platform::PacketSocket> socket_;
    uint32_t max_frame_ = 0;
    std::vector<uint8_t> tx_buf_;
    uint32_t tx_len_[batch] = {};
    const uint8_t* tx_ptr_[batch] = {};
    bool full_ = false;
    static constexpr int64_t stream_gap_ns = 250'000, pause_ns = 100'000;
    bool gather_ = false, pause_next_ = false;
    platform::ReceivedFrame rx_[256];
    uint32_t rx_count_ = 0;
};

}  // namespace clickos::pktgen
