// A host network interface opened for raw Ethernet frames (Linux AF_PACKET), shared by the
// switch's NIC ports, FromDevice/ToDevice and clickos-pktgen --ifname. Receiving reads a
// TPACKET_V2 ring (one slot per frame, mapped from the kernel, no copy into the socket
// layer): each frame is readable as soon as the kernel wrote it, so a lone frame is not held
// back, and a reader that finds many ready drains them all in one round. (TPACKET_V3 wakes
// the reader only when a whole block retires, which holds a lone frame for the block
// timeout: a millisecond per hop.) Sending copies frames into a TPACKET_V2 transmit ring
// (PACKET_TX_RING, also mapped, on a second socket) and hands every queued frame to the
// kernel with one send(): no message headers to copy in per frame, as sendmmsg has.
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
    // Slots of the transmit ring (a power of two, slots as large as the receive ring's);
    // 0: the socket does not send.
    uint32_t send_slots = 512;
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

    // Readable when a received frame is ready (a socket that only sends: writable when a send
    // may succeed). send_fd() is writable when a send may succeed.
    int fd() const { return fd_; }
    int send_fd() const { return tx_fd_; }
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
    // transmit ring or the device queue is full: wait for fd() writable) or Failed
    // (send_error(); a frame longer than the interface takes is refused before it is sent).
    uint32_t send(const uint8_t* const* frames, const uint32_t* lengths, uint32_t n);
    // The same in two steps, for a caller that gathers frames one by one: queue() copies a
    // frame into the next free slot of the transmit ring (false when the ring is full or the
    // frame too long, send_status() says which; frames queued before stay queued), and
    // flush() hands the queued frames to the kernel with one system call, returning how many
    // it took, in order. Frames it did not take are dropped, send_status() says why.
    bool queue(const uint8_t* frame, uint32_t length);
    uint32_t flush();
    uint32_t queued() const { return tx_queued_; }
    // The longest frame send() takes: the interface's MTU plus the Ethernet header, 4 bytes
    // more with an 802.1Q tag (MTU at open time), and never more than a transmit slot holds.
    uint32_t max_send_length(bool vlan_tagged = false) const;
    SendStatus send_status() const { return send_status_; }
    const std::string& send_error() const { return send_error_; }

    static constexpr uint32_t max_send_batch = 64;

  private:
    PacketSocket() = default;
    uint8_t* slot_at(uint32_t i) const { return ring_ + size_t(i) * slot_bytes_; }
    uint8_t* tx_slot_at(uint32_t i) const { return tx_ring_ + size_t(i) * slot_bytes_; }
    void refuse(SendStatus why, const std::string& error);

    int fd_ = -1;
    std::string ifname_;
    bool outgoing_ = false;
    int tx_fd_ = -1;           // the sending socket (fd_ too when the socket only sends)
    uint8_t* ring_ = nullptr;  // the receive ring, mapped
    uint8_t* tx_ring_ = nullptr;
    size_t rx_map_bytes_ = 0, tx_map_bytes_ = 0;
    uint32_t slot_bytes_ = 0, nslots_ = 0, mtu_ = 1500;
    uint32_t next_ = 0;  // the slot the kernel fills next, in order
    uint32_t held_ = 0;  // slots before next_ handed to the caller and not given back yet
    uint64_t kernel_drops_ = 0;
    uint32_t tx_slots_ = 0;
    uint32_t tx_next_ = 0;    // the slot the next queued frame goes to (the kernel's next, too)
    uint32_t tx_queued_ = 0;  // slots before tx_next_ queued and not handed to the kernel yet
    SendStatus send_status_ = SendStatus::Sent;
    std::string send_error_;
};

}  // namespace clickos::platform
