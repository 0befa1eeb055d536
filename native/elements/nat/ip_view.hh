// Reading the IPv4 header of a packet safely, for the rewriters with their own packet path
// (ICMPPingRewriter, IPAddrRewriter, IPAddrPairRewriter, ICMPRewriter, FTPPortMapper).
#pragma once
#include <cstdint>
#include <cstring>

#include "clickos/ip.hh"
#include "clickos/packet.hh"
#include "rewriter_flow.hh"

namespace clickos::nat {

struct IPView {
    size_t offset = 0;  // of the IP header from the packet's data
    unsigned hl = 0;    // header length
    size_t length = 0;  // bytes from the header to the end of the datagram (total length, bounded)
    uint8_t proto = 0;
    bool first_fragment = true;  // fragment offset 0: the transport header, if any, is here
};

// The packet's IPv4 header, from its network header annotation: false unless the header is
// there whole, version 4, with a header length of at least 20 bytes.
inline bool read_ip(const Packet* p, IPView& v) {
    const uint8_t* data = p->data();
    const uint8_t* ip = p->network_header();
    if (!ip || ip < data || ip + 20 > data + p->length()) return false;
    const size_t avail = size_t(data + p->length() - ip);
    v.offset = size_t(ip - data);
    v.hl = unsigned(ip[0] & 15) << 2;
    if ((ip[0] >> 4) != 4 || v.hl < 20 || v.hl > avail) return false;
    uint16_t len, frag;
    std::memcpy(&len, ip + 2, 2);
    std::memcpy(&frag, ip + 6, 2);
    size_t total = ntohs(len);
    v.length = total >= v.hl && total <= avail ? total : avail;
    v.proto = ip[9];
    v.first_fragment = (frag & htons(IP_OFFMASK)) == 0;
    return true;
}

// Applies a one's complement change to the checksum field at `field`.
inline void adjust_sum(uint8_t* field, uint32_t delta) {
    uint16_t sum;
    std::memcpy(&sum, field, 2);
    sum = csum_apply(sum, uint16_t(delta));
    std::memcpy(field, &sum, 2);
}

// Sets the addresses of an IPv4 packet (network order) and updates the header checksum and,
// in a first fragment holding the whole TCP or UDP header, the transport checksum (a UDP
// checksum of 0, "none", stays 0).
inline void set_addresses(uint8_t* ip, const IPView& v, uint32_t src, uint32_t dst) {
    uint32_t old_src, old_dst;
    std::memcpy(&old_src, ip + 12, 4);
    std::memcpy(&old_dst, ip + 16, 4);
    uint32_t delta = csum_delta32(csum_delta32(0, old_src, src), old_dst, dst);
    if (delta == 0 || delta == 0xffff) return;
    std::memcpy(ip + 12, &src, 4);
    std::memcpy(ip + 16, &dst, 4);
    adjust_sum(ip + 10, delta);
    if (!v.first_fragment) return;
    uint8_t* l4 = ip + v.hl;
    if (v.proto == IP_PROTO_TCP && v.length >= v.hl + sizeof(click_tcp)) {
        adjust_sum(l4 + 16, delta);
    } else if (v.proto == IP_PROTO_UDP && v.length >= v.hl + sizeof(click_udp)) {
        uint16_t sum;
        std::memcpy(&sum, l4 + 6, 2);
        if (sum == 0) return;
        sum = csum_apply(sum, uint16_t(delta));
        if (sum == 0) sum = 0xffff;
        std::memcpy(l4 + 6, &sum, 2);
    }
}

}  // namespace clickos::nat
