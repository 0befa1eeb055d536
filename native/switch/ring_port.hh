// The switch side of a netfront ring port: consumes the instance's tx ring, produces into its
// rx ring, and checks every slot the instance wrote (bad indices and lengths are counted and
// skipped: a broken or hostile instance cannot crash the switch).
#pragma once
#include <memory>

#include "netfront/attachment.hh"
#include "netfront/port_memory.hh"
#include "port.hh"

namespace clickos::sw {

class RingPort : public Port {
  public:
    // Creates a new port's memory and events. `frame_size` up to 9216 (jumbo).
    static std::unique_ptr<RingPort> create(const std::string& name, uint32_t nslots, uint32_t frame_size,
                                            std::string& error);
    // Adopts a port that existed before a switch restart (its memory and events come back
    // from the instance).
    static std::unique_ptr<RingPort> adopt(const netfront::PortFds& fds, std::string& error);
    ~RingPort() override;

    const char* kind() const override { return "ring"; }
    uint32_t receive(Frame* frames, uint32_t max) override;
    void release_received(uint32_t n) override;
    bool more_or_sleep() override;
    int wake_fd() const override { return fds_.tx_data; }
    void woken() override;
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;
    uint32_t flush_quietly() override;
    void kick() override { rx_.kick_if_sleeping(); }
    uint32_t slots() const override { return memory_->nslots(); }
    bool room_or_wait() override;
    int space_fd() const override { return fds_.rx_space; }
    void space_woken() override;

    const netfront::PortFds& fds() const { return fds_; }
    netfront::PortMemory& memory() { return *memory_; }
    // Frames the instance has not taken yet (used when draining a port whose peer died).
    uint32_t pending_rx() { return memory_->nslots() - rx_.space(); }

  private:
    RingPort() = default;
    void init_rings();
    netfront::PortFds fds_;
    std::unique_ptr<netfront::PortMemory> memory_;
    netfront::RingConsumer tx_;  // instance -> switch
    netfront::RingProducer rx_;  // switch -> instance
    uint32_t staged_ = 0;
    uint32_t rx_room_ = 0;
    uint32_t received_ = 0;             // slots looked at in the last receive()
    uint32_t frames_out_ = 0;           // frames the last receive() returned
    uint32_t frame_slot_[64 + 1] = {};  // slot position after each received frame
};

}  // namespace clickos::sw
