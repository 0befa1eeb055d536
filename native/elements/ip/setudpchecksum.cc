#include "setudpchecksum.hh"

#include "clickos/element_class.hh"
#include "transport_span.hh"

namespace clickos {

Packet* SetUDPChecksum::action(Packet* p) {
    ip::TransportSpan seg;
    if (!ip::find_transport_span(p, IP_PROTO_UDP, seg) || seg.length < sizeof(click_udp)) {
        p->kill();
        return nullptr;
    }
    const uint8_t* uh = p->network_header() + seg.offset;
    unsigned len = ip::load16(uh + offsetof(click_udp, len));
    if (len < sizeof(click_udp) || len > seg.length) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* w = p->mutable_network_header() + seg.offset;
    std::memset(w + offsetof(click_udp, sum), 0, 2);
    uint32_t sum = checksum_partial(w, len, pseudo_header_sum(seg.src, seg.dst, IP_PROTO_UDP, uint16_t(len)));
    uint16_t value = uint16_t(~sum);
    if (value == 0) value = 0xffff;
    std::memcpy(w + offsetof(click_udp, sum), &value, 2);
    return p;
}

CLICKOS_ELEMENT(SetUDPChecksum);

}  // namespace clickos
