#include "striptonetworkheader.hh"

#include "clickos/element_class.hh"

namespace clickos {

// The bytes in front of the data are still in the buffer. A packet of its own can simply
// grow back over them; a shared one gets a copy that starts at the header, since push()
// would copy only the current data.
Packet* StripToNetworkHeader::move_back(Packet* p, uint32_t n) {
    if (n > p->headroom()) return p;  // not inside this buffer: leave it alone
    if (!p->shared()) return p->push(n);
    const uint8_t* from = p->network_header();
    Packet* q = Packet::make(Packet::default_headroom, from, p->length() + n, 0);
    if (!q) {
        p->kill();
        return nullptr;
    }
    q->copy_annotations(p);
    auto moved = [&](const uint8_t* at) { return at ? q->data() + (at - from) : nullptr; };
    const uint8_t* transport = p->has_transport_header() ? moved(p->transport_header()) : nullptr;
    if (p->has_mac_header() && p->mac_header() >= from) q->set_mac_header(moved(p->mac_header()));
    q->set_network_header(q->data(), p->network_header_length());
    if (transport) q->set_transport_header(transport);
    p->kill();
    return q;
}

CLICKOS_ELEMENT(StripToNetworkHeader);

}  // namespace clickos
