#include "unstripipheader.hh"

#include "clickos/element_class.hh"

namespace clickos {

// push() on a shared packet copies only the data, and the stripped header lies before it,
// in the headroom: so the copy starts at the buffer's first byte and keeps the header
// annotations at the same offsets. (The ip domain stands alone, so editing's copy_packet
// is not used here.)
Packet* UnstripIPHeader::restore_copy(Packet* p, uint32_t n) {
    uint32_t front = p->headroom();
    Packet* q = Packet::make(0, p->buffer(), front + p->length(), p->tailroom());
    if (!q) {
        p->kill();
        return nullptr;
    }
    q->copy_annotations(p);
    auto moved = [&](const uint8_t* at) -> const uint8_t* {
        return at && at <= p->data() + p->length() ? q->data() + (at - p->buffer()) : nullptr;
    };
    q->set_mac_header(moved(p->mac_header()));
    q->set_network_header(moved(p->network_header()), 0);
    q->set_transport_header(moved(p->transport_header()));
    q->pull(front - n);
    p->kill();
    return q;
}

CLICKOS_ELEMENT(UnstripIPHeader);

}  // namespace clickos
