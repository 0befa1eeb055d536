// The shared memory of one switch port: a header, two rings and the port's buffers, in one
// memfd that both sides map. `rx` carries frames from the switch to the instance, `tx` from
// the instance to the switch. Buffers: rx slots start with buffers [0, n), tx slots with
// [n, 2n), and [2n, 3n) are the instance's spares, which it swaps into rx slots so it can keep
// received buffers in the graph without copying.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "ring.hh"

namespace clickos::netfront {

constexpr uint32_t port_magic = 0x434c4e46;  // "CLNF"
constexpr uint32_t port_layout_version = 1;
constexpr uint32_t buffer_headroom = 64;  // frames start this far into their buffer
constexpr uint32_t min_slots = 64, max_slots = 2048;

struct PortHeader {
    uint32_t magic;
    uint32_t version;
    uint32_t nslots;
    uint32_t buf_size;  // bytes per buffer, headroom included
    uint32_t nbufs;
    uint32_t rx_offset;
    uint32_t tx_offset;
    uint32_t bufs_offset;
    uint64_t total_size;
    uint8_t mac[6];
    uint16_t reserved_;
    std::atomic<uint32_t> instance_pid;  // who holds the instance side (0: nobody)
    char name[64];                       // "vale0:3"
};

class PortMemory {
  public:
    ~PortMemory();
    // A new port: nslots a power of two in [64, 2048]; buf_size at least 256 (+ headroom).
    static std::unique_ptr<PortMemory> create(const std::string& name, uint32_t nslots, uint32_t frame_size,
                                              std::string& error);
    // Maps a port created elsewhere, checking every field against the file's real size, so
    // a corrupt or hostile header is an error, never a crash. Takes ownership of fd.
    static std::unique_ptr<PortMemory> attach(int fd, std::string& error);

    int fd() const { return fd_; }
    PortHeader* header() const { return header_; }
    RingShared* rx() const { return rx_; }
    RingShared* tx() const { return tx_; }
    // Validated copies: the peer may scribble on the shared header, these cannot change.
    uint32_t nslots() const { return nslots_; }
    uint32_t nbufs() const { return nbufs_; }
    uint32_t buf_size() const { return buf_size_; }
    uint32_t max_frame() const { return buf_size_ - buffer_headroom; }
    bool valid_buffer(uint32_t index) const { return index < nbufs_; }
    uint8_t* buffer(uint32_t index) const { return bufs_ + size_t(index) * buf_size_; }
    uint8_t* frame(uint32_t index) const { return buffer(index) + buffer_headroom; }
    // The buffer holding `p`, or -1 if p is not inside this port's buffer area.
    int64_t buffer_of(const uint8_t* p) const;
    size_t size() const { return size_; }

  private:
    PortMemory() = default;
    int fd_ = -1;
    size_t size_ = 0;
    uint8_t* base_ = nullptr;
    PortHeader* header_ = nullptr;
    RingShared* rx_ = nullptr;
    RingShared* tx_ = nullptr;
    uint8_t* bufs_ = nullptr;
    uint32_t nslots_ = 0, nbufs_ = 0, buf_size_ = 0;
};

}  // namespace clickos::netfront
