// A host network interface opened for raw Ethernet frames (Linux AF_PACKET), shared by the
// switch's NIC ports, FromDevice/ToDevice and clickos-pktgen --ifname. Receiving reads a
// TPACKET_V2 ring (one slot per frame, mapped from the kernel, no copy into the socket
// layer): each frame is readable as soon as the kernel wrote it, so a lone frame is not held
// back, and a reader that finds many ready drains them all in one round. (TPACKET_V3 wakes
// the reader only when a whole block retires, which holds a lone frame for the block
// timeout: a millisecond per hop.) Sending hands a batch to the kernel with one sendmmsg.
//
// Part of the platform layer: a backend without Linux interfaces (the future kvm guest)
// does not provide it, and open() says so.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace clickos::platform {

struct PacketSocketOptions {
    bool receive = true;        // map a receive ring; false opens a send-only socket
    bool promiscuous = false;   // put the interface in promiscuous mode while open
    bool outgoing = false;      // also receive the frames the host sends on the interface
    bool qdisc_bypass = false;  // send straight to the driver, past traffic control
    uint16_t protocol = 0;      // receive only this EtherType (host order); 0: every frame
    // The receive ring: ring_blocks blocks of block_bytes, cut into slots of a power of two
    // that holds the interface's largest frame (MTU at open time; 2 KiB for MTU 1500).
    uint32_t ring_blocks = 64;
    uint32_t block_bytes = 1 << 16;
};

// Linux's numbering of sockaddr_ll packet types, which is also Click's PacketType order.
enum class LinkPacketType : uint8_t { Host = 0, Broadcast, Multicast, OtherHost, Outgoing, Loopback };

struct ReceivedFrame {
    const uint8_t* data;
    uint32_t length;       // bytes captured in the ring
    uint32_t wire_length;  // bytes the frame had on the wire
    int64_t timestamp_ns;  // when the kernel received it (wall clock)
    LinkPacketType type;
};

class PacketSocket {
  public:
    static std::unique_ptr<PacketSocket> open(const std::string& ifname, const PacketSocketOptions& options,
                                              std::string& error);
    ~PacketSocket();
    PacketSocket(const PacketSocket&) = delete;
    PacketSocket& operator=(const PacketSocket&) = delete;

    // Readable when a received frame is ready; writable when a send may succeed.
    int fd() const { return fd_; }
    const std::string& ifname() const { return ifname_; }

    // Up to `max` received frames, oldest first. They stay valid until release() or the next
    // receive(), which gives back the frames of the call before.
    uint32_t receive(ReceivedFrame* frames, uint32_t max);
    // Gives the slots of the frames received so far back to the kernel.
    void release();
    // Whether frames may be waiting now; if not, fd() becomes readable when they come.
    bool pending() const;
    // Frames the kernel dropped because the ring was full, since the socket was opened.
    uint64_t kernel_drops();
    // The error the socket reported (the interface went down or away), clearing it: fd()
    // stays ready until it is taken. "" if there was none.
    std::string take_error();

    enum class SendStatus { Sent, Full, Failed };
    // Sends frames[i] (lengths[i] bytes) for i < n, stopping at the first frame the kernel
    // refuses; returns how many were sent. send_status() says why it stopped: Full (the
    // device or socket queue is full: wait for fd() writable) or Failed (send_error()).
    uint32_t send(const uint8_t* const* frames, const uint32_t* lengths, uint32_t n);
    SendStatus send_status() const { return send_status_; }
    const std::string& send_error() const { return send_error_; }

    static constexpr uint32_t max_send_batch = 64;

  private:
    PacketSocket() = default;
    uint8_t* slot_at(uint32_t i) const { return ring_ + size_t(i) * slot_bytes_; }

    int fd_ = -1;
    std::string ifname_;
    bool outgoing_ = false;
    uint8_t* ring_ = nullptr;
    size_t ring_size_ = 0;
    uint32_t slot_bytes_ = 0, nslots_ = 0;
    uint32_t next_ = 0;  // the slot the kernel fills next, in order
    uint32_t held_ = 0;  // slots before next_ handed to the caller and not given back yet
    uint64_t kernel_drops_ = 0;
    SendStatus send_status_ = SendStatus::Sent;
    std::string send_error_;
};

}  // namespace clickos::platform
