// A NIC port: an existing Linux interface attached with AF_PACKET (platform::PacketSocket:
// a TPACKET_V2 receive ring, batched sendmmsg past the qdisc). The interface is put in
// promiscuous mode, since the switch forwards frames for every address behind it.
//
// Every received frame is readable at once, so a lone frame is forwarded without delay. A
// stream would then wake the switch for nearly every frame, so a port whose frames come
// close together (it slept less than stream_gap_ns) sleeps pause_ns on a timer instead of on
// the socket, and forwards what gathered in the ring as one batch: like a NIC's interrupt
// moderation, it bounds wake-ups under load at the cost of up to pause_ns per frame then.
#pragma once
#include <memory>
#include <string>
#include <vector>

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
    // An epoll descriptor holding the socket (while not paused) and the pause timer.
    int wake_fd() const override { return wake_fd_; }
    // Ends a pause whose timer fired; takes a pending socket error (the interface went down
    // or away), which would otherwise keep the socket readable and the switch spinning.
    void woken() override;
    ~PacketPort() override;
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;
    bool peer_alive() const override { return !interface_gone_; }

  private:
    PacketPort() = default;
    bool set_socket_watched(bool on);
    // A gap longer than a pause, so that a port keeps pausing while its stream lasts.
    static constexpr int64_t stream_gap_ns = 250'000, pause_ns = 100'000;
    int wake_fd_ = -1, pause_fd_ = -1;
    bool paused_ = false, asleep_ = false;
    uint32_t last_got_ = 0;                            // frames the last receive() took
    int64_t slept_ns_ = -1'000'000'000, woke_ns_ = 0;  // when the port last went to sleep and woke
    int ifindex_ = 0;
    bool interface_gone_ = false;
    static constexpr uint32_t tx_batch = platform::PacketSocket::max_send_batch, tx_frame = 9216;
    static constexpr uint32_t rx_batch = 256;
    std::unique_ptr<platform::PacketSocket> socket_;
    platform::ReceivedFrame received_[rx_batch];
    // Frames staged for sending, copied into one buffer (the source ring moves on), sent
    // with one sendmmsg.
    std::vector<uint8_t> tx_buf_;
    const uint8_t* tx_data_[tx_batch];
    uint32_t tx_len_[tx_batch];
    uint32_t tx_count_ = 0;
};

}  // namespace clickos::sw
