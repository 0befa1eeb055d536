#include "settcpchecksum.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "transport_span.hh"

namespace clickos {

int SetTCPChecksum::configure(Args& args) {
    return args.read_p("FIXOFF", fix_offset_).complete();
}

Packet* SetTCPChecksum::action(Packet* p) {
    ip::TransportSpan seg;
    if (!ip::find_transport_span(p, IP_PROTO_TCP, seg) || seg.length < sizeof(click_tcp)) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* th = p->mutable_network_header() + seg.offset;
    if (fix_offset_) {
        unsigned words = th[offsetof(click_tcp, off)] >> 4;
        if (words < 5)
            words = 5;
        else if (words * 4 > seg.length && !seg.fragment)
            words = seg.length / 4;
        th[offsetof(click_tcp, off)] = uint8_t(words << 4 | (th[offsetof(click_tcp, off)] & 0x0f));
    }
    std::memset(th + offsetof(click_tcp, sum), 0, 2);
    uint32_t sum = checksum_partial(th, seg.length, pseudo_header_sum(seg.src, seg.dst, IP_PROTO_TCP, seg.length));
    uint16_t value = uint16_t(~sum);
    std::memcpy(th + offsetof(click_tcp, sum), &value, 2);
    return p;
}

CLICKOS_ELEMENT(SetTCPChecksum);

}  // namespace clickos
