// Where the transport segment of an IP packet lies, for the elements that rewrite
// transport checksums: from the end of the marked IP header to the end the IP total length
// gives, all of it inside the packet.
#pragma once
#include "header_access.hh"

namespace clickos::ip {

struct TransportSpan {
    uint32_t offset;    // from the network header
    uint16_t length;    // IP total length minus the IP header length
    uint32_t src, dst;  // network byte order, for the pseudo-header
    bool fragment;
};

// False when the packet has no readable IP header of protocol `proto`, or the segment the
// header describes does not fit in the packet.
inline bool find_transport_span(const Packet* p, uint8_t proto, TransportSpan& out) {
    click_ip iph;
    if (!read_ip_header(p, iph) || iph.p != proto) return false;
    unsigned hlen = iph.header_length(), total = ntohs(iph.len);
    if (hlen < sizeof(click_ip) || total < hlen || !in_packet(p, p->network_header(), total)) return false;
    out = TransportSpan{hlen, uint16_t(total - hlen), iph.src, iph.dst, is_fragment(iph)};
    return true;
}

}  // namespace clickos::ip
