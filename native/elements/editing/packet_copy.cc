#include "packet_copy.hh"

#include <cstring>

namespace clickos {

namespace {

// Where `h` (a header pointer into `from`'s buffer) lands in the copy, or null if it pointed
// past the data (into the tailroom, which is not copied).
const uint8_t* relocate(const uint8_t* h, const Packet* from, const Packet* to) {
    if (!h || h > from->data() + from->length()) return nullptr;
    return to->data() + (h - from->data());
}

}  // namespace

Packet* copy_packet(Packet* p, uint32_t extra_headroom, uint32_t modulus, uint32_t offset) {
    uint32_t old_head = p->headroom();
    uint32_t head = old_head + extra_headroom;
    uint32_t len = p->length();
    // Reserve modulus-1 more bytes of headroom, then slide the window back to the alignment.
    Packet* q = Packet::make(head + modulus - 1, nullptr, len, 0);
    if (!q) {
        p->kill();
        return nullptr;
    }
    uint32_t back = uint32_t((reinterpret_cast<uintptr_t>(q->data()) - offset) & (modulus - 1));
    if (back) {
        q->push(back);  // cannot move: q is unshared and has the room
        q->take(back);
    }
    uint8_t* d = q->mutable_data();
    std::memset(d - head, 0, extra_headroom);
    std::memcpy(d - old_head, p->buffer(), size_t(old_head) + len);
    q->copy_annotations(p);
    q->set_mac_header(relocate(p->mac_header(), p, q));
    q->set_network_header(relocate(p->network_header(), p, q), 0);
    q->set_transport_header(relocate(p->transport_header(), p, q));
    p->kill();
    return q;
}

void shift_headers(Packet* p, const uint8_t* old_data, long delta) {
    auto moved = [&](const uint8_t* h) { return h && h >= old_data ? h + delta : h; };
    const uint8_t* mac = moved(p->mac_header());
    const uint8_t* net = moved(p->network_header());
    const uint8_t* transport = moved(p->transport_header());
    p->set_mac_header(mac);
    p->set_network_header(net, 0);
    p->set_transport_header(transport);
}

}  // namespace clickos
