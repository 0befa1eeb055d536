#include "protocoltranslator46.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

constexpr uint32_t ip6_header_length = 40;
constexpr uint8_t IP6_PROTO_ICMP6 = 58;
constexpr uint8_t ICMP6_ECHO_REQUEST = 128, ICMP6_ECHO_REPLY = 129;
constexpr uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// One's complement sum of the IPv6 pseudo-header (RFC 8200 8.1), not complemented.
uint32_t ip6_pseudo_sum(const uint8_t* src16, const uint8_t* dst16, uint32_t length, uint8_t next) {
    uint32_t sum = checksum_partial(src16, 16);
    sum = checksum_partial(dst16, 16, sum);
    uint8_t tail[8];
    store_be32(tail, length);
    tail[4] = tail[5] = tail[6] = 0;
    tail[7] = next;
    return checksum_partial(tail, 8, sum);
}

// Offset of the checksum field in a transport header, or -1 if the protocol has none we
// translate, or the header is too short for it.
int checksum_offset(uint8_t proto, uint32_t length) {
    if (proto == IP_PROTO_TCP) return length >= sizeof(click_tcp) ? 16 : -1;
    if (proto == IP_PROTO_UDP) return length >= sizeof(click_udp) ? 6 : -1;
    return -1;
}

void put_sum(uint8_t* at, uint32_t partial) {
    uint16_t s = uint16_t(~partial);
    std::memcpy(at, &s, 2);
}

}  // namespace

int ProtocolTranslator46::configure(Args& args) {
    return args.complete();
}

int ProtocolTranslator46::initialize(ErrorHandler* errh) {
    if (ninputs() != noutputs()) {
        errh->error(declaration() + ": needs as many outputs as inputs (input 0: IPv4 to IPv6, input 1: IPv6 to IPv4)");
        return -1;
    }
    return 0;
}

Packet* ProtocolTranslator46::drop(Packet* p) {
    ++drops_;
    p->kill();
    return nullptr;
}

Packet* ProtocolTranslator46::to_ipv6(Packet* p) {
    IPHeaderRef r;
    uint32_t len;
    if (!locate_ip_header(p, r) || !(len = ip_datagram_length(r))) return drop(p);
    if (ntohs(r.h.off) & (IP_MF | IP_OFFMASK)) return drop(p);
    uint32_t plen = len - r.hlen;
    uint8_t proto = r.h.p;
    const uint8_t* l4 = r.bytes(p) + r.hlen;
    if (proto == IP_PROTO_ICMP) {
        if (plen < sizeof(click_icmp) || (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY)) return drop(p);
    } else if (proto == IP_PROTO_TCP || proto == IP_PROTO_UDP) {
        if (checksum_offset(proto, plen) < 0) return drop(p);
    }
    if (!(p = p->uniqueify())) return nullptr;
    // Drop what precedes the IP header and the link padding; the IPv6 header replaces IPv4's.
    p->pull(r.offset + r.hlen);
    p->take(p->length() - plen);
    if (!(p = p->push(ip6_header_length))) return nullptr;
    uint8_t* h = p->mutable_data();
    store_be32(h, uint32_t(6) << 28 | uint32_t(r.h.tos) << 20);
    store_be16(h + 4, uint16_t(plen));
    h[6] = proto == IP_PROTO_ICMP ? IP6_PROTO_ICMP6 : proto;
    h[7] = r.h.ttl;
    std::memcpy(h + 8, mapped_prefix, 12);
    std::memcpy(h + 20, &r.h.src, 4);
    std::memcpy(h + 24, mapped_prefix, 12);
    std::memcpy(h + 36, &r.h.dst, 4);
    uint8_t* t = h + ip6_header_length;
    if (proto == IP_PROTO_ICMP) {
        t[0] = t[0] == ICMP_ECHO ? ICMP6_ECHO_REQUEST : ICMP6_ECHO_REPLY;
        store_be16(t + 2, 0);
        put_sum(t + 2, checksum_partial(t, plen, ip6_pseudo_sum(h + 8, h + 24, plen, IP6_PROTO_ICMP6)));
    } else if (int at = checksum_offset(proto, plen); at >= 0) {
        store_be16(t + at, 0);
        uint32_t sum = checksum_partial(t, plen, ip6_pseudo_sum(h + 8, h + 24, plen, proto));
        put_sum(t + at, sum);
        if (proto == IP_PROTO_UDP && load_be16(t + at) == 0) store_be16(t + at, 0xffff);
    }
    p->set_network_header(h, ip6_header_length);
    return p;
}

Packet* ProtocolTranslator46::to_ipv4(Packet* p) {
    int64_t off = p->has_network_header() ? int64_t(p->network_header() - p->data()) : 0;
    if (off < 0 || off + int64_t(ip6_header_length) > int64_t(p->length())) return drop(p);
    const uint8_t* h = p->data() + off;
    uint32_t plen = load_be16(h + 4);
    uint8_t next = h[6];
    if ((h[0] >> 4) != 6 || off + ip6_header_length + plen > p->length()) return drop(p);
    if (std::memcmp(h + 8, mapped_prefix, 12) != 0 || std::memcmp(h + 24, mapped_prefix, 12) != 0) return drop(p);
    const uint8_t* t = h + ip6_header_length;
    if (next == IP6_PROTO_ICMP6) {
        if (plen < sizeof(click_icmp) || (t[0] != ICMP6_ECHO_REQUEST && t[0] != ICMP6_ECHO_REPLY)) return drop(p);
    } else if (next == IP_PROTO_TCP || next == IP_PROTO_UDP) {
        if (checksum_offset(next, plen) < 0) return drop(p);
    } else if (next == 0 || next == 43 || next == 44 || next == 60 || next == 51 || next == 135 || next == 139 ||
               next == 140 || next == 253 || next == 254) {
        return drop(p);  // extension headers (RFC 8200 4, IANA's list) are not translated
    }
    if (plen + sizeof(click_ip) > 0xffff) return drop(p);
    uint8_t tclass = uint8_t(load_be16(h) >> 4);
    uint8_t hlim = h[7];
    uint8_t addrs[8];
    std::memcpy(addrs, h + 20, 4);
    std::memcpy(addrs + 4, h + 36, 4);
    if (!(p = p->uniqueify())) return nullptr;
    p->pull(uint32_t(off) + ip6_header_length);
    p->take(p->length() - plen);
    if (!(p = p->push(sizeof(click_ip)))) return nullptr;
    uint8_t* v4 = p->mutable_data();
    uint8_t proto = next == IP6_PROTO_ICMP6 ? IP_PROTO_ICMP : next;
    v4[0] = 0x45;
    v4[1] = tclass;
    store_be16(v4 + 2, uint16_t(plen + sizeof(click_ip)));
    store_be16(v4 + 4, 0);
    store_be16(v4 + 6, IP_DF);
    v4[8] = hlim;
    v4[9] = proto;
    store_be16(v4 + 10, 0);
    std::memcpy(v4 + 12, addrs, 8);
    put_sum(v4 + 10, checksum_partial(v4, sizeof(click_ip)));
    uint8_t* l4 = v4 + sizeof(click_ip);
    if (proto == IP_PROTO_ICMP) {
        l4[0] = l4[0] == ICMP6_ECHO_REQUEST ? ICMP_ECHO : ICMP_ECHOREPLY;
        store_be16(l4 + 2, 0);
        put_sum(l4 + 2, checksum_partial(l4, plen));
    } else if (int at = checksum_offset(proto, plen); at >= 0) {
        uint32_t src, dst;
        std::memcpy(&src, addrs, 4);
        std::memcpy(&dst, addrs + 4, 4);
        store_be16(l4 + at, 0);
        put_sum(l4 + at, checksum_partial(l4, plen, pseudo_header_sum(src, dst, proto, uint16_t(plen))));
        if (proto == IP_PROTO_UDP && load_be16(l4 + at) == 0) store_be16(l4 + at, 0xffff);
    }
    p->set_network_header(v4, sizeof(click_ip));
    return p;
}

void ProtocolTranslator46::push(int port, Packet* p) {
    if ((p = port == 0 ? to_ipv6(p) : to_ipv4(p))) output(port).push(p);
}

void ProtocolTranslator46::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(ProtocolTranslator46);

}  // namespace clickos
