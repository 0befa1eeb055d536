// A NIC port: an existing Linux interface attached with AF_PACKET. Receiving uses a
// TPACKET_V3 ring (blocks of frames, one poll per block, no copy into the socket layer);
// sending batches frames with sendmmsg and bypasses the qdisc. The interface is put in
// promiscuous mode, since the switch forwards frames for every address behind it.
#pragma once
#include <linux/if_packet.h>

#include <memory>
#include <string>
#include <vector>

#include "port.hh"

namespace clickos::sw {

class PacketPort : public Port {
  public:
    static std::unique_ptr<PacketPort> open(const std::string& ifname, std::string& error);
    ~PacketPort() override;
    const char* kind() const override { return "packet"; }
    uint32_t receive(Frame* frames, uint32_t max) override;
    void release_received(uint32_t n) override;
    bool more_or_sleep() override;
    int wake_fd() const override { return fd_; }
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;

  private:
    PacketPort() = default;
    int fd_ = -1;
    int ifindex_ = 0;
    uint8_t* ring_ = nullptr;
    size_t ring_size_ = 0;
    uint32_t block_size_ = 0, nblocks_ = 0;
    uint32_t block_ = 0;            // current block
    tpacket3_hdr* next_ = nullptr;  // next frame in the current block
    uint32_t left_in_block_ = 0;
    bool block_open_ = false;
    // Frames staged for sending, copied into one buffer, sent with one sendmmsg.
    std::vector<uint8_t> tx_buf_;
    std::vector<uint32_t> tx_len_;
    static constexpr uint32_t tx_batch = 64, tx_frame = 9216;
};

}  // namespace clickos::sw
