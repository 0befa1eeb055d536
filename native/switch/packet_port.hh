// A NIC port: an existing Linux interface attached with AF_PACKET (platform::PacketSocket:
// a TPACKET_V3 receive ring, batched sendmmsg past the qdisc). The interface is put in
// promiscuous mode, since the switch forwards frames for every address behind it.
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
    int wake_fd() const override { return socket_->fd(); }
    // Takes a pending socket error (the interface went down or away), which would otherwise
    // keep the socket readable and the switch spinning.
    void woken() override;
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;
    bool peer_alive() const override { return !interface_gone_; }

  private:
    PacketPort() = default;
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
