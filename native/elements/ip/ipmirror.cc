#include "ipmirror.hh"

#include <algorithm>

#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

namespace {

// Exchanges the n-byte fields at a and b.
void swap_fields(uint8_t* a, uint8_t* b, size_t n) {
    std::swap_ranges(a, a + n, b);
}

}  // namespace

Packet* IPMirror::action(Packet* p) {
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return p;
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* h = p->mutable_network_header();
    swap_fields(h + offsetof(click_ip, src), h + offsetof(click_ip, dst), 4);
    if ((iph.p != IP_PROTO_TCP && iph.p != IP_PROTO_UDP) || !ip::is_first_fragment(iph)) return p;
    uint8_t* th = p->mutable_transport_header();
    size_t needed = iph.p == IP_PROTO_TCP ? offsetof(click_tcp, off) : sizeof(click_udp);
    if (!ip::in_packet(p, th, needed)) return p;
    swap_fields(th + offsetof(click_udp, sport), th + offsetof(click_udp, dport), 2);
    if (iph.p == IP_PROTO_TCP) swap_fields(th + offsetof(click_tcp, seq), th + offsetof(click_tcp, ack), 4);
    return p;
}

CLICKOS_ELEMENT(IPMirror);

}  // namespace clickos
