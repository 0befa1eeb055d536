// A NIC port over AF_XDP (libxdp): one XDP socket per receive queue of the interface, each
// with its own umem of 2 KiB chunks (4 KiB when the interface's MTU needs them). libxdp attaches its default program,
// which redirects every frame of a queue that has a socket to that socket, and removes it again when the last socket
// goes. Zero-copy is used where the driver offers it; otherwise (veth, most virtual devices) the port runs in copy mode
// and says why in its info().
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "port.hh"

namespace clickos::sw {

class XdpPort : public Port {
  public:
    enum class ZeroCopy { Try, Require, Never };
    // Opens every receive queue of `ifname`; mounts bpffs first if it is not mounted.
    static std::unique_ptr<XdpPort> open(const std::string& ifname, ZeroCopy zero_copy, std::string& error);
    ~XdpPort() override;

    const char* kind() const override { return "xdp"; }
    uint32_t receive(Frame* frames, uint32_t max) override;
    void release_received(uint32_t n) override;
    bool more_or_sleep() override;
    int wake_fd() const override;
    bool stage(const uint8_t* data, uint32_t len) override;
    void flush() override;
    std::string info() const override { return info_; }
    // A deleted interface wakes nobody up: the switch asks about once a second.
    void check_peer() override;
    bool peer_alive() const override { return !interface_gone_; }

    bool zero_copy() const { return zero_copy_; }
    // Receiving leaves the kernel's headroom (256 bytes) in front of each frame, so a chunk
    // of 2 KiB holds a received frame of up to 1792 bytes, one of 4 KiB up to 3840.
    static constexpr uint32_t rx_headroom = 256;
    // The chunk size for an MTU: 2 KiB while a frame of it (with a VLAN tag) fits, else 4 KiB.
    static uint32_t chunk_for_mtu(uint32_t mtu) { return mtu + 18 + rx_headroom <= 2048 ? 2048 : 4096; }
    uint32_t max_rx_frame() const { return chunk_size_ - rx_headroom; }

  private:
    struct Queue;
    XdpPort() = default;
    void kick_tx(Queue& q);
    void reclaim_completions(Queue& q);
    std::vector<std::unique_ptr<Queue>> queues_;
    int ifindex_ = 0;
    bool interface_gone_ = false;
    int epoll_fd_ = -1;  // several queues: readable when any is
    uint32_t next_queue_ = 0;
    Queue* last_rx_ = nullptr;          // the queue the last receive() read
    uint32_t peeked_ = 0;               // descriptors the last receive() looked at
    uint32_t frames_out_ = 0;           // frames it returned (runts are skipped)
    uint32_t frame_slot_[64 + 1] = {};  // descriptors up to and including each frame
    uint32_t staged_ = 0;
    bool zero_copy_ = false;
    uint32_t chunk_size_ = 2048;
    bool tx_pending_ = false;  // frames the kernel has not taken yet (kick again)
    std::string info_;
};

// Makes sure a BPF filesystem is mounted where libxdp looks for it ($LIBXDP_BPFFS or
// /sys/fs/bpf), mounting one if not; false with a clear error if that is impossible.
bool ensure_bpffs(std::string& error);

}  // namespace clickos::sw
