// Packets: a data window inside a buffer (headroom, data, tailroom), annotations, and
// buffer sharing. Buffers come from a per-thread pool, or are external memory (a ring slot)
// returned through a destructor, so ports can hand frames to the graph without copying.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "clickos/timestamp.hh"

namespace clickos {

enum class PacketType : uint8_t { Host = 0, Broadcast, Multicast, OtherHost, Outgoing, Loopback, FastRoute };

// Offsets into the user annotation area (Packet::anno()). Elements that take an ANNO
// argument accept these names or a byte offset.
namespace anno {
constexpr size_t dst_ip = 0;           // 4 bytes, network byte order
constexpr size_t paint = 4;            // 1 byte
constexpr size_t vlan_tci = 6;         // 2 bytes, network byte order
constexpr size_t aggregate = 8;        // 4 bytes
constexpr size_t fix_ip_src = 12;      // 1 byte
constexpr size_t icmp_paramprob = 13;  // 1 byte: offset in the IP header of a parameter problem
                                       // (set by IPGWOptions, quoted by ICMPError)
constexpr size_t fwd_rate = 16;        // 4 bytes
constexpr size_t rev_rate = 20;        // 4 bytes
constexpr size_t first_free = 24;      // 24..47 free for elements
constexpr size_t size = 48;
}  // namespace anno

class PacketPool;

class Packet {
  public:
    static constexpr uint32_t default_headroom = 64;
    static constexpr uint32_t pool_buffer_size = 2048;
    using Destructor = void (*)(uint8_t* buffer, size_t size, void* arg);

    // A new packet holding `length` bytes copied from `data` (uninitialized if data is null),
    // with at least `headroom` and `tailroom` bytes around it. Null when memory is exhausted.
    static Packet* make(uint32_t headroom, const void* data, uint32_t length, uint32_t tailroom);
    static Packet* make(const void* data, uint32_t length) { return make(default_headroom, data, length, 0); }
    static Packet* make(uint32_t length) { return make(default_headroom, nullptr, length, 0); }
    // A packet over external memory; `destructor(buffer, buffer_size, arg)` runs when the last
    // reference dies.
    static Packet* make_external(uint8_t* buffer, uint32_t buffer_size, uint32_t data_offset, uint32_t length,
                                 Destructor destructor, void* arg);

    void kill();
    // A new packet sharing this one's data (read-only until uniqueify()).
    Packet* clone();
    // This packet with data it may write: itself if not shared, else a private copy (this one
    // is killed). Null if memory is exhausted (this one is killed too).
    Packet* uniqueify();
    bool shared() const { return owner_ != nullptr || use_count_ > 1; }

    const uint8_t* data() const { return data_; }
    uint8_t* mutable_data() { return data_; }  // only on a packet that is not shared()
    uint32_t length() const { return length_; }
    uint32_t headroom() const { return uint32_t(data_ - buffer_); }
    uint32_t tailroom() const { return uint32_t(end_ - (data_ + length_)); }
    const uint8_t* buffer() const { return buffer_; }
    uint32_t buffer_length() const { return uint32_t(end_ - buffer_); }

    // Adds n bytes in front (push) or at the end (put); the packet may move: use the result.
    // On failure the packet is killed and null returned.
    Packet* push(uint32_t n) {
        if (n <= headroom() && !shared()) {
            data_ -= n;
            length_ += n;
            return this;
        }
        return expensive_push(n);
    }
    Packet* put(uint32_t n) {
        if (n <= tailroom() && !shared()) {
            length_ += n;
            return this;
        }
        return expensive_put(n);
    }
    // Removes n bytes from the front (pull) or end (take); n is clamped to the length.
    void pull(uint32_t n) {
        if (n > length_) n = length_;
        data_ += n;
        length_ -= n;
    }
    void take(uint32_t n) {
        if (n > length_) n = length_;
        length_ -= n;
    }

    // Header annotations (pointers into the buffer; null when unset).
    const uint8_t* mac_header() const { return mac_; }
    const uint8_t* network_header() const { return net_; }
    const uint8_t* transport_header() const { return transport_; }
    uint8_t* mutable_network_header() { return net_; }
    uint8_t* mutable_transport_header() { return transport_; }
    int mac_header_offset() const { return int(mac_ - data_); }
    int network_header_offset() const { return int(net_ - data_); }
    int transport_header_offset() const { return int(transport_ - data_); }
    uint32_t network_header_length() const { return uint32_t(transport_ - net_); }
    bool has_mac_header() const { return mac_ != nullptr; }
    bool has_network_header() const { return net_ != nullptr; }
    bool has_transport_header() const { return transport_ != nullptr; }
    void set_mac_header(const uint8_t* p) { mac_ = const_cast<uint8_t*>(p); }
    void set_network_header(const uint8_t* p, uint32_t length) {
        net_ = const_cast<uint8_t*>(p);
        transport_ = net_ + length;
    }
    void set_transport_header(const uint8_t* p) { transport_ = const_cast<uint8_t*>(p); }
    void clear_headers() { mac_ = net_ = transport_ = nullptr; }

    // Annotations.
    Timestamp timestamp_anno() const { return timestamp_; }
    void set_timestamp_anno(Timestamp t) { timestamp_ = t; }
    PacketType packet_type_anno() const { return type_; }
    void set_packet_type_anno(PacketType t) { type_ = t; }
    uint8_t* anno() { return anno_; }
    const uint8_t* anno() const { return anno_; }
    uint32_t dst_ip_anno() const {  // network byte order
        uint32_t v;
        std::memcpy(&v, anno_ + anno::dst_ip, 4);
        return v;
    }
    void set_dst_ip_anno(uint32_t v) { std::memcpy(anno_ + anno::dst_ip, &v, 4); }
    uint8_t paint_anno() const { return anno_[anno::paint]; }
    void set_paint_anno(uint8_t c) { anno_[anno::paint] = c; }
    void copy_annotations(const Packet* from);
    void clear_annotations();

    // Link for queues and batches.
    Packet* next() const { return next_; }
    void set_next(Packet* p) { next_ = p; }

  private:
    friend class PacketPool;
    Packet() = default;
    Packet* expensive_push(uint32_t n);
    Packet* expensive_put(uint32_t n);
    // Copies into a fresh pool packet with the given room; kills this one.
    Packet* copy_with_room(uint32_t headroom, uint32_t tailroom);
    void release_data();

    // Data window and buffer.
    uint8_t* data_ = nullptr;
    uint32_t length_ = 0;
    uint32_t use_count_ = 1;  // references to this packet's buffer (itself plus clones)
    uint8_t* buffer_ = nullptr;
    uint8_t* end_ = nullptr;
    Packet* owner_ = nullptr;  // for clones: the packet whose buffer this one shares
    Packet* next_ = nullptr;
    Destructor destructor_ = nullptr;  // external buffers
    void* destructor_arg_ = nullptr;
    uint8_t* own_buffer_ = nullptr;  // the pool buffer that belongs to this packet object
    // Annotations: cleared together on make().
    uint8_t* mac_ = nullptr;
    uint8_t* net_ = nullptr;
    uint8_t* transport_ = nullptr;
    Timestamp timestamp_;
    PacketType type_ = PacketType::Host;
    alignas(8) uint8_t anno_[anno::size] = {};
};

// Per-thread pool of packet objects, each with its own buffer of pool_buffer_size bytes.
class PacketPool {
  public:
    static PacketPool& local();
    Packet* alloc() {
        Packet* p = free_;
        if (__builtin_expect(p == nullptr, 0)) p = refill();
        if (p) free_ = p->next_;
        return p;
    }
    void recycle(Packet* p) {
        p->next_ = free_;
        free_ = p;
    }
    size_t allocated() const { return allocated_; }
    size_t free_count() const;

  private:
    Packet* refill();
    Packet* free_ = nullptr;
    size_t allocated_ = 0;
};

inline void Packet::kill() {
    if (owner_ == nullptr) {
        if (--use_count_ == 0) {
            if (destructor_) release_data();
            PacketPool::local().recycle(this);
        }
        return;
    }
    Packet* o = owner_;
    owner_ = nullptr;
    buffer_ = own_buffer_;
    PacketPool::local().recycle(this);
    if (--o->use_count_ == 0) {
        if (o->destructor_) o->release_data();
        PacketPool::local().recycle(o);
    }
}

}  // namespace clickos
