#include "icmperror.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/timestamp.hh"
#include "ipencap/ip_args.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

constexpr uint8_t IPOPT_EOL = 0, IPOPT_NOP = 1, IPOPT_LSRR = 131, IPOPT_SSRR = 137;

// The offset of a usable loose or strict source route option in the header `ip` of `hlen`
// bytes, or 0 if there is none (or the option list is malformed before one is found).
uint32_t find_source_route(const uint8_t* ip, uint32_t hlen) {
    uint32_t i = sizeof(click_ip);
    while (i < hlen) {
        uint8_t type = ip[i];
        if (type == IPOPT_EOL) return 0;
        if (type == IPOPT_NOP) {
            ++i;
            continue;
        }
        if (i + 1 >= hlen) return 0;
        uint32_t len = ip[i + 1];
        if (len < 2 || i + len > hlen) return 0;
        if ((type == IPOPT_LSRR || type == IPOPT_SSRR) && len >= 3) {
            uint32_t ptr = ip[i + 2];
            if (ptr >= 4 && ptr % 4 == 0 && ptr <= len + 1) return i;
        }
        i += len;
    }
    return 0;
}

}  // namespace

int ICMPError::configure(Args& args) {
    ICMPTypeArg type;
    Word code{"0"};
    IPAddressListArg bad;
    bool use_fix_anno = true;
    if (args.read_mp("SRC", src_)
            .read_mp("TYPE", type)
            .read_p("CODE", code)
            .read_p("BADADDRS", bad)
            .read("MTU", mtu_)
            .read("PMTU", pmtu_)
            .read("SET_FIX_ANNO", set_fix_anno_)
            .read("USE_FIX_ANNO", use_fix_anno)
            .complete() < 0)
        return -1;
    if (!icmp_is_error_type(type.value))
        return args.error("TYPE: ICMP type " + std::to_string(type.value) + " is not an error type");
    if (!parse_icmp_code(type.value, code.text, code_))
        return args.error("CODE: expected ICMP code for type " + std::to_string(type.value) + ", found '" + code.text +
                          "'");
    if (mtu_ < min_mtu) return args.error("MTU must be at least " + std::to_string(min_mtu));
    if (args.given("USE_FIX_ANNO")) set_fix_anno_ = use_fix_anno;
    type_ = type.value;
    bad_addrs_ = bad.addrs;
    return 0;
}

int ICMPError::initialize(ErrorHandler*) {
    id_ = 1;
    return 0;
}

bool ICMPError::is_bad_addr(uint32_t a) const {
    for (const auto& b : bad_addrs_)
        if (b.addr == a) return true;
    return false;
}

// Not the limited broadcast, not multicast, not a configured bad address.
bool ICMPError::unicast(uint32_t a) const {
    uint32_t ha = ntohl(a);
    return ha != 0xffffffffu && (ha & 0xf0000000u) != 0xe0000000u && !is_bad_addr(a);
}

// A source a host could have (RFC 1812 5.3.7): unicast, not network 0 or 127, not class E.
bool ICMPError::valid_source(uint32_t a) const {
    uint32_t net = ntohl(a) >> 24;
    return unicast(a) && net != 0 && net != 127 && (net & 0xf0) != 0xf0;
}

Packet* ICMPError::make_error(const Packet* p) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r)) return nullptr;
    const uint8_t* ip = r.bytes(p);
    if (r.h.p == IP_PROTO_ICMP && (r.hlen >= r.avail || icmp_is_error_type(ip[r.hlen]))) return nullptr;
    if (!unicast(r.h.dst)) return nullptr;
    PacketType pt = p->packet_type_anno();
    if (pt == PacketType::Broadcast || pt == PacketType::Multicast) return nullptr;
    if (!valid_source(r.h.src)) return nullptr;
    if (ntohs(r.h.off) & IP_OFFMASK) return nullptr;

    uint32_t route = find_source_route(ip, r.hlen);
    uint8_t pointer = p->anno()[anno::icmp_paramprob];
    if (route) {
        if (type_ == ICMP_REDIRECT) return nullptr;
        if (type_ == ICMP_PARAMPROB && code_ == 0 && pointer >= route && pointer < route + ip[route + 1]) route = 0;
    }
    // The reversed route: the addresses already travelled, last one first, pointer at 4.
    uint32_t hops = route ? (ip[route + 2] - 4) / 4 : 0;
    uint32_t opt_len = route ? 3 + 4 * hops : 0;
    uint32_t out_hlen = sizeof(click_ip) + ((opt_len + 3) & ~3u);

    uint32_t quoted = ip_datagram_length(r);
    if (quoted == 0) quoted = r.avail;
    uint32_t room = mtu_ - out_hlen - sizeof(click_icmp);
    if (quoted > room) quoted = room;
    uint32_t total = out_hlen + sizeof(click_icmp) + quoted;

    Packet* q = Packet::make(Packet::default_headroom, nullptr, total, 0);
    if (!q) return nullptr;
    uint8_t* nip = q->mutable_data();
    std::memset(nip, 0, out_hlen + sizeof(click_icmp));
    nip[0] = uint8_t(0x40 | out_hlen / 4);
    store_be16(nip + 2, uint16_t(total));
    store_be16(nip + 4, id_++);
    nip[8] = 200;
    nip[9] = IP_PROTO_ICMP;
    std::memcpy(nip + 12, &src_.addr, 4);
    std::memcpy(nip + 16, &r.h.src, 4);
    if (route) {
        uint8_t* o = nip + sizeof(click_ip);
        o[0] = ip[route];
        o[1] = uint8_t(opt_len);
        o[2] = 4;
        for (uint32_t k = 0; k < hops; ++k) std::memcpy(o + 3 + 4 * k, ip + route + 3 + 4 * (hops - 1 - k), 4);
    }
    uint16_t sum = internet_checksum(nip, out_hlen);
    std::memcpy(nip + 10, &sum, 2);

    uint8_t* icmp = nip + out_hlen;
    icmp[0] = type_;
    icmp[1] = code_;
    if (type_ == ICMP_PARAMPROB && code_ == 0)
        icmp[4] = pointer;
    else if (type_ == ICMP_REDIRECT)
        std::memcpy(icmp + 4, p->anno() + anno::dst_ip, 4);
    else if (type_ == ICMP_UNREACH && code_ == 4)
        store_be16(icmp + 6, pmtu_);
    std::memcpy(icmp + sizeof(click_icmp), ip, quoted);
    sum = internet_checksum(icmp, sizeof(click_icmp) + quoted);
    std::memcpy(icmp + 2, &sum, 2);

    q->set_network_header(nip, out_hlen);
    q->set_dst_ip_anno(r.h.src);
    if (set_fix_anno_) q->anno()[anno::fix_ip_src] = 1;
    q->set_timestamp_anno(Timestamp::now());
    return q;
}

void ICMPError::add_handlers() {
    add_read_handler("src", [this](Element*) { return src_.str() + "\n"; });
    add_write_handler("src", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("src: " + why);
        src_ = a;
        return 0;
    });
    add_read_handler("mtu", [this](Element*) { return std::to_string(mtu_) + "\n"; });
    add_write_handler("mtu", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t m;
        std::string why;
        if (!parse_value(v, m, why)) return errh->error("mtu: " + why);
        if (m < min_mtu) return errh->error("mtu: must be at least " + std::to_string(min_mtu));
        mtu_ = m;
        return 0;
    });
    add_read_handler("pmtu", [this](Element*) { return std::to_string(pmtu_) + "\n"; });
    add_write_handler("pmtu", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint16_t m;
        std::string why;
        if (!parse_value(v, m, why)) return errh->error("pmtu: " + why);
        pmtu_ = m;
        return 0;
    });
}

CLICKOS_ELEMENT(ICMPError);

}  // namespace clickos
