// A NIC port: an existing Linux interface attached with AF_PACKET (platform::PacketSocket:
// TPACKET_V2 receive and transmit rings, sends past the qdisc). The interface is put in
// promiscuous mode, since the switch forwards frames for every address behind it.
//
// Every received frame is readable at once, so a lone frame is forwarded without delay. A
// stream would then wake the switch for nearly every frame, so a port whose frames come
// close together (it slept less than stream_gap_ns, or its last pause gathered frames)
// sleeps pause_ns on a timer instead of on the socket, and forwards what gathered in the
// ring as batches: like a NIC's interrupt moderation, it bounds wake-ups under load at the
// cost of up to pause_ns per frame then. While frames wait it takes a batch per round
// without pausing.
//
// The socket sits in the port's wake-up set one-shot: armed only when the port goes to sleep
// on it, so frames arriving while the port is busy or paused call no waiter, and the switch
// hears of the port once per sleep, not every round.
#pragma once
#include <memory>
#include <string>

#include "clickos/packet_socket.hh"
#include "port.hh"

namespace clickos::sw {

class PacketPort : public Port {
  public:
    static std::unique_ptr<PacketPort> open(const std::string& ifname, std::string& error);
    const char* kind() const override { return "packet"; }
    uint32_t receive(Frame* frames, uint32_t max) override;
    void release_received(uint32_t n) override;
    bool more_or_sleep() override;
    // An epoll descriptor holding the socket (armed while the port sleeps on it) and the
    // pause timer.
    int wake_fd() const override { return wake_fd_; }
    // Takes the events of the wake-up set: ends a pause whose timer fired; on a socket error
    // (the interface went down or away) takes it, which would otherwise keep the socket ready.
    void woken() override;
    ~PacketPort() override;
    // Frames go straight into the transmit ring; flush() hands them to the kernel.
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;
    bool peer_alive() const override { return !interface_gone_; }
    // rx_drops: frames the kernel dropped because the receive ring was full.
    void refresh_counters() override { counters.rx_drops = socket_->kernel_drops(); }

  private:
    PacketPort() = default;
    bool arm_socket(bool on);
    // A gap longer than a pause, so that a port keeps pausing while its stream lasts.
    static constexpr int64_t stream_gap_ns = 250'000, pause_ns = 100'000;
    int wake_fd_ = -1, pause_fd_ = -1;
    bool paused_ = false, armed_ = false, asleep_ = false;
    bool last_full_ = false;      // the last receive() filled the batch asked for
    bool woke_by_timer_ = false;  // the last wake-up ended a pause
    uint64_t got_since_wake_ = 0;
    int64_t slept_ns_ = -1'000'000'000, woke_ns_ = 0;  // when the port last went to sleep and woke
    int ifindex_ = 0;
    bool interface_gone_ = false;
    static constexpr uint32_t rx_batch = 256;
    std::unique_ptr<platform::PacketSocket> socket_;
    platform::ReceivedFrame received_[rx_batch];
};

}  // namespace clickos::sw
