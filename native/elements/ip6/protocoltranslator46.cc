#include "protocoltranslator46.hh"

#include <algorithm>

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

void write_ip6_header(uint8_t* h, uint8_t tos, uint32_t plen, uint8_t next, uint8_t hlim, const uint8_t* src4,
                      const uint8_t* dst4) {
    store_be32(h, uint32_t(6) << 28 | uint32_t(tos) << 20);
    store_be16(h + 4, uint16_t(plen));
    h[6] = next;
    h[7] = hlim;
    std::memcpy(h + 8, mapped_prefix, 12);
    std::memcpy(h + 20, src4, 4);
    std::memcpy(h + 24, mapped_prefix, 12);
    std::memcpy(h + 36, dst4, 4);
}

void write_ip4_header(uint8_t* v4, uint8_t tos, uint32_t total, uint8_t proto, uint8_t ttl, const uint8_t* src4,
                      const uint8_t* dst4) {
    v4[0] = 0x45;
    v4[1] = tos;
    store_be16(v4 + 2, uint16_t(total));
    store_be16(v4 + 4, 0);
    store_be16(v4 + 6, IP_DF);
    v4[8] = ttl;
    v4[9] = proto;
    store_be16(v4 + 10, 0);
    std::memcpy(v4 + 12, src4, 4);
    std::memcpy(v4 + 16, dst4, 4);
    put_sum(v4 + 10, checksum_partial(v4, sizeof(click_ip)));
}

bool is_ip6_extension(uint8_t next) {
    // IANA's IPv6 extension header types (RFC 8200 4 and later RFCs); they are not translated.
    switch (next) {
        case 0:
        case 43:
        case 44:
        case 50:
        case 51:
        case 60:
        case 135:
        case 139:
        case 140:
        case 253:
        case 254: return true;
        default: return false;
    }
}

// The ICMPv6 header (type, code, 4-byte field) for an ICMPv4 error (RFC 7915 4.2); false
// for messages that are not translated.
bool map_icmp4_error(const uint8_t* icmp, uint8_t* out) {
    std::memset(out, 0, 8);
    uint8_t type = icmp[0], code = icmp[1];
    if (type == ICMP_UNREACH) {
        switch (code) {
            case 0:
            case 1:
            case 5:
            case 6:
            case 7:
            case 8:
            case 11:
            case 12: out[0] = 1, out[1] = 0; return true;
            case 9:
            case 10:
            case 13:
            case 15: out[0] = 1, out[1] = 1; return true;
            case 3: out[0] = 1, out[1] = 4; return true;
            case 2: out[0] = 4, out[1] = 1, store_be32(out + 4, 6); return true;  // pointer: next header
            case 4: {
                uint32_t mtu = load_be16(icmp + 6);
                if (mtu == 0) return false;  // pre-RFC 1191 router: no MTU to translate
                out[0] = 2;
                store_be32(out + 4, mtu + 20);
                return true;
            }
            default: return false;
        }
    }
    if (type == ICMP_TIMXCEED) {
        out[0] = 3, out[1] = code;
        return code <= 1;
    }
    if (type == ICMP_PARAMPROB && (code == 0 || code == 2)) {
        static constexpr int map[20] = {0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1, 8, 8, 8, 8, 24, 24, 24, 24};
        uint8_t ptr = icmp[4];
        if (ptr >= 20 || map[ptr] < 0) return false;
        out[0] = 4;
        store_be32(out + 4, uint32_t(map[ptr]));
        return true;
    }
    return false;
}

// The ICMPv4 header for an ICMPv6 error (RFC 7915 5.2); false when not translated.
bool map_icmp6_error(const uint8_t* icmp6, uint8_t* out) {
    std::memset(out, 0, 8);
    uint8_t type = icmp6[0], code = icmp6[1];
    if (type == 1) {
        static constexpr int codes[5] = {1, 10, 1, 1, 3};
        if (code > 4) return false;
        out[0] = ICMP_UNREACH, out[1] = uint8_t(codes[code]);
        return true;
    }
    if (type == 2) {
        uint32_t mtu = load_be32(icmp6 + 4);
        if (mtu <= 20 + 68) return false;  // below IPv4's minimum MTU once the headers differ
        out[0] = ICMP_UNREACH, out[1] = 4;
        store_be16(out + 6, uint16_t(std::min<uint32_t>(mtu - 20, 0xffff)));
        return true;
    }
    if (type == 3) {
        out[0] = ICMP_TIMXCEED, out[1] = code;
        return code <= 1;
    }
    if (type == 4 && code == 0) {
        uint32_t ptr = load_be32(icmp6 + 4);
        int v4;
        if (ptr <= 1)
            v4 = int(ptr);
        else if (ptr == 4 || ptr == 5)
            v4 = 2;
        else if (ptr == 6)
            v4 = 9;
        else if (ptr == 7)
            v4 = 8;
        else if (ptr >= 8 && ptr <= 23)
            v4 = 12;
        else if (ptr >= 24 && ptr <= 39)
            v4 = 16;
        else
            return false;
        out[0] = ICMP_PARAMPROB, out[4] = uint8_t(v4);
        return true;
    }
    if (type == 4 && code == 1) {
        out[0] = ICMP_UNREACH, out[1] = 2;  // unrecognized next header: protocol unreachable
        return true;
    }
    return false;
}

constexpr uint32_t icmp6_error_max = 1280;  // an ICMPv6 error fits the IPv6 minimum MTU (RFC 4443 2.4)

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

Packet* ProtocolTranslator46::icmp_error_to_ipv6(Packet* p, const uint8_t* ip, uint32_t hlen, uint32_t plen) {
    const uint8_t* icmp = ip + hlen;
    uint8_t head6[8];
    if (plen < sizeof(click_icmp) + sizeof(click_ip) || !map_icmp4_error(icmp, head6)) return drop(p);
    const uint8_t* inner = icmp + sizeof(click_icmp);
    uint32_t avail = plen - sizeof(click_icmp);
    uint32_t ihl = uint32_t(inner[0] & 15) * 4, itotal = load_be16(inner + 2);
    if ((inner[0] >> 4) != 4 || ihl < sizeof(click_ip) || ihl > avail || itotal < ihl ||
        (load_be16(inner + 6) & (IP_MF | IP_OFFMASK)))
        return drop(p);
    uint32_t data = std::min(avail - ihl, icmp6_error_max - ip6_header_length * 2 - 8);
    uint32_t m = 8 + ip6_header_length + data;
    Packet* q = Packet::make(Packet::default_headroom, nullptr, ip6_header_length + m, 0);
    if (!q) return drop(p);
    q->copy_annotations(p);
    uint8_t* h = q->mutable_data();
    write_ip6_header(h, ip[1], m, IP6_PROTO_ICMP6, ip[8], ip + 12, ip + 16);
    uint8_t* t = h + ip6_header_length;
    std::memcpy(t, head6, 8);
    uint8_t inner_proto = inner[9];
    write_ip6_header(t + 8, inner[1], itotal - ihl, inner_proto == IP_PROTO_ICMP ? IP6_PROTO_ICMP6 : inner_proto,
                     inner[8], inner + 12, inner + 16);
    uint8_t* idata = t + 8 + ip6_header_length;
    std::memcpy(idata, inner + ihl, data);
    if (inner_proto == IP_PROTO_ICMP && data >= 1 && (idata[0] == ICMP_ECHO || idata[0] == ICMP_ECHOREPLY))
        idata[0] = idata[0] == ICMP_ECHO ? ICMP6_ECHO_REQUEST : ICMP6_ECHO_REPLY;
    put_sum(t + 2, checksum_partial(t, m, ip6_pseudo_sum(h + 8, h + 24, m, IP6_PROTO_ICMP6)));
    q->set_network_header(h, ip6_header_length);
    p->kill();
    return q;
}

Packet* ProtocolTranslator46::icmp_error_to_ipv4(Packet* p, const uint8_t* h, uint32_t plen) {
    const uint8_t* icmp6 = h + ip6_header_length;
    uint8_t head4[8];
    if (plen < 8 + ip6_header_length || !map_icmp6_error(icmp6, head4)) return drop(p);
    const uint8_t* inner = icmp6 + 8;
    if ((inner[0] >> 4) != 6 || is_ip6_extension(inner[6]) || std::memcmp(inner + 8, mapped_prefix, 12) != 0 ||
        std::memcmp(inner + 24, mapped_prefix, 12) != 0)
        return drop(p);
    uint32_t data = plen - 8 - ip6_header_length;
    uint32_t iplen = load_be16(inner + 4);
    if (iplen + sizeof(click_ip) > 0xffff) return drop(p);
    uint32_t m = 8 + sizeof(click_ip) + data;
    Packet* q = Packet::make(Packet::default_headroom, nullptr, sizeof(click_ip) + m, 0);
    if (!q) return drop(p);
    q->copy_annotations(p);
    uint8_t* v4 = q->mutable_data();
    uint8_t tclass = uint8_t(load_be16(h) >> 4);
    write_ip4_header(v4, tclass, sizeof(click_ip) + m, IP_PROTO_ICMP, h[7], h + 20, h + 36);
    uint8_t* t = v4 + sizeof(click_ip);
    std::memcpy(t, head4, 8);
    uint8_t inext = inner[6];
    write_ip4_header(t + 8, uint8_t(load_be16(inner) >> 4), iplen + sizeof(click_ip),
                     inext == IP6_PROTO_ICMP6 ? IP_PROTO_ICMP : inext, inner[7], inner + 20, inner + 36);
    uint8_t* idata = t + 8 + sizeof(click_ip);
    std::memcpy(idata, inner + ip6_header_length, data);
    if (inext == IP6_PROTO_ICMP6 && data >= 1 && (idata[0] == ICMP6_ECHO_REQUEST || idata[0] == ICMP6_ECHO_REPLY))
        idata[0] = idata[0] == ICMP6_ECHO_REQUEST ? ICMP_ECHO : ICMP_ECHOREPLY;
    put_sum(t + 2, checksum_partial(t, m));
    q->set_network_header(v4, sizeof(click_ip));
    p->kill();
    return q;
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
        if (plen < sizeof(click_icmp)) return drop(p);
        if (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY) return icmp_error_to_ipv6(p, r.bytes(p), r.hlen, plen);
    } else if (proto == IP_PROTO_TCP || proto == IP_PROTO_UDP) {
        if (checksum_offset(proto, plen) < 0) return drop(p);
    }
    if (!(p = p->uniqueify())) return nullptr;
    // Drop what precedes the IP header and the link padding; the IPv6 header replaces IPv4's.
    p->pull(r.offset + r.hlen);
    p->take(p->length() - plen);
    if (!(p = p->push(ip6_header_length))) return nullptr;
    uint8_t* h = p->mutable_data();
    uint8_t src[4], dst[4];
    std::memcpy(src, &r.h.src, 4);
    std::memcpy(dst, &r.h.dst, 4);
    write_ip6_header(h, r.h.tos, plen, proto == IP_PROTO_ICMP ? IP6_PROTO_ICMP6 : proto, r.h.ttl, src, dst);
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
        if (plen < sizeof(click_icmp)) return drop(p);
        if (t[0] != ICMP6_ECHO_REQUEST && t[0] != ICMP6_ECHO_REPLY) return icmp_error_to_ipv4(p, h, plen);
    } else if (next == IP_PROTO_TCP || next == IP_PROTO_UDP) {
        if (checksum_offset(next, plen) < 0) return drop(p);
    } else if (is_ip6_extension(next)) {
        return drop(p);
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
    write_ip4_header(v4, tclass, plen + sizeof(click_ip), proto, hlim, addrs, addrs + 4);
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
