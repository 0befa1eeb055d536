#include "clickos/packet.hh"

#include <cstdlib>
#include <new>

#include "clickos/platform.hh"

namespace clickos {

namespace {

// Pool packets are carved from slabs: the Packet objects first, then their buffers.
constexpr size_t slab_packets = 64;

void free_heap_buffer(uint8_t* buffer, size_t, void*) {
    std::free(buffer);
}

}  // namespace

PacketPool& PacketPool::local() {
    thread_local PacketPool pool;
    return pool;
}

size_t PacketPool::free_count() const {
    size_t n = 0;
    for (Packet* p = free_; p; p = p->next_) ++n;
    return n;
}

Packet* PacketPool::refill() {
    size_t bytes = slab_packets * (sizeof(Packet) + Packet::pool_buffer_size);
    auto* region = static_cast<uint8_t*>(platform::alloc_region(bytes));
    if (!region) return nullptr;
    auto* objects = reinterpret_cast<Packet*>(region);
    uint8_t* buffers = region + slab_packets * sizeof(Packet);
    for (size_t i = 0; i < slab_packets; ++i) {
        Packet* p = new (&objects[i]) Packet();
        p->own_buffer_ = buffers + i * Packet::pool_buffer_size;
        p->buffer_ = p->own_buffer_;
        p->end_ = p->own_buffer_ + Packet::pool_buffer_size;
        p->next_ = free_;
        free_ = p;
    }
    allocated_ += slab_packets;
    return free_;
}

std::string Timestamp::str(bool nanoseconds) const {
    char buf[48];
    int64_t s = sec();
    int64_t sub = subsec_ns();
    if (nanoseconds)
        std::snprintf(buf, sizeof buf, "%lld.%09lld", (long long)s, (long long)sub);
    else
        std::snprintf(buf, sizeof buf, "%lld.%06lld", (long long)s, (long long)(sub / 1000));
    return buf;
}

Timestamp Timestamp::now() {
    return {platform::realtime_ns()};
}
Timestamp Timestamp::now_steady() {
    return {platform::monotonic_ns()};
}

void Packet::clear_annotations() {
    mac_ = net_ = transport_ = nullptr;
    timestamp_ = Timestamp{};
    type_ = PacketType::Host;
    std::memset(anno_, 0, sizeof anno_);
}

void Packet::copy_annotations(const Packet* from) {
    timestamp_ = from->timestamp_;
    type_ = from->type_;
    std::memcpy(anno_, from->anno_, sizeof anno_);
}

Packet* Packet::make(uint32_t headroom, const void* data, uint32_t length, uint32_t tailroom) {
    Packet* p = PacketPool::local().alloc();
    if (!p) return nullptr;
    size_t need = size_t(headroom) + length + tailroom;
    if (need > pool_buffer_size) {
        auto* big = static_cast<uint8_t*>(std::malloc(need));
        if (!big) {
            PacketPool::local().recycle(p);
            return nullptr;
        }
        p->buffer_ = big;
        p->end_ = big + need;
        p->destructor_ = free_heap_buffer;
        p->destructor_arg_ = nullptr;
    } else {
        p->buffer_ = p->own_buffer_;
        p->end_ = p->own_buffer_ + pool_buffer_size;
        p->destructor_ = nullptr;
    }
    p->use_count_ = 1;
    p->owner_ = nullptr;
    p->next_ = nullptr;
    p->data_ = p->buffer_ + headroom;
    p->length_ = length;
    if (data) std::memcpy(p->data_, data, length);
    p->clear_annotations();
    return p;
}

Packet* Packet::make_external(uint8_t* buffer, uint32_t buffer_size, uint32_t data_offset, uint32_t length,
                              Destructor destructor, void* arg) {
    Packet* p = PacketPool::local().alloc();
    if (!p) return nullptr;
    if (data_offset > buffer_size) data_offset = buffer_size;
    if (length > buffer_size - data_offset) length = buffer_size - data_offset;
    p->buffer_ = buffer;
    p->end_ = buffer + buffer_size;
    p->destructor_ = destructor;
    p->destructor_arg_ = arg;
    p->use_count_ = 1;
    p->owner_ = nullptr;
    p->next_ = nullptr;
    p->data_ = buffer + data_offset;
    p->length_ = length;
    p->clear_annotations();
    return p;
}

void Packet::release_data() {
    if (destructor_) destructor_(buffer_, size_t(end_ - buffer_), destructor_arg_);
    destructor_ = nullptr;
    destructor_arg_ = nullptr;
    buffer_ = own_buffer_;
    end_ = own_buffer_ + pool_buffer_size;
}

Packet* Packet::clone() {
    Packet* c = PacketPool::local().alloc();
    if (!c) return nullptr;
    Packet* owner = owner_ ? owner_ : this;
    ++owner->use_count_;
    c->owner_ = owner;
    c->use_count_ = 1;
    c->destructor_ = nullptr;
    c->buffer_ = buffer_;
    c->end_ = end_;
    c->data_ = data_;
    c->length_ = length_;
    c->next_ = nullptr;
    c->mac_ = mac_;
    c->net_ = net_;
    c->transport_ = transport_;
    c->copy_annotations(this);
    return c;
}

Packet* Packet::copy_with_room(uint32_t headroom, uint32_t tailroom) {
    Packet* q = make(headroom, data_, length_, tailroom);
    if (!q) {
        kill();
        return nullptr;
    }
    auto move = [&](uint8_t* ptr) -> uint8_t* { return ptr ? q->data_ + (ptr - data_) : nullptr; };
    q->mac_ = move(mac_);
    q->net_ = move(net_);
    q->transport_ = move(transport_);
    q->copy_annotations(this);
    kill();
    return q;
}

Packet* Packet::uniqueify() {
    if (!shared()) return this;
    return copy_with_room(headroom(), tailroom());
}

Packet* Packet::expensive_push(uint32_t n) {
    uint32_t room = n > headroom() ? n + default_headroom : headroom();
    Packet* q = copy_with_room(room, tailroom());
    if (!q) return nullptr;
    q->data_ -= n;
    q->length_ += n;
    return q;
}

Packet* Packet::expensive_put(uint32_t n) {
    uint32_t room = n > tailroom() ? n + 64 : tailroom();
    Packet* q = copy_with_room(headroom(), room);
    if (!q) return nullptr;
    q->length_ += n;
    return q;
}

}  // namespace clickos
