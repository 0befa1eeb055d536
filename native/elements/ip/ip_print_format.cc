#include "ip_print_format.hh"

#include <cstdio>

#include "clickos/addresses.hh"
#include "header_access.hh"

namespace clickos::ip {

namespace {

void add_ip(std::string& out, uint32_t addr) {
    const auto* b = reinterpret_cast<const uint8_t*>(&addr);
    char buf[16];
    int n = std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    out.append(buf, size_t(n));
}

void add_num(std::string& out, uint64_t v) {
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v));
    out.append(buf, size_t(n));
}

void add_signed(std::string& out, int64_t v) {
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    out.append(buf, size_t(n));
}

void add_pair(std::string& out, const click_ip& iph) {
    add_ip(out, iph.src);
    out += " > ";
    add_ip(out, iph.dst);
}

void add_pair_ports(std::string& out, const click_ip& iph, const uint8_t* th) {
    add_ip(out, iph.src);
    out += '.';
    add_num(out, load16(th));
    out += " > ";
    add_ip(out, iph.dst);
    out += '.';
    add_num(out, load16(th + 2));
    out += ": ";
}

// Click's names for IP protocols, ICMP types and ICMP codes (its IPNameInfo tables).
const char* proto_name(uint8_t p) {
    switch (p) {
        case 1: return "icmp";
        case 2: return "igmp";
        case 4: return "ipip";
        case 6: return "tcp";
        case 17: return "udp";
        case 33: return "dccp";
        case 47: return "gre";
        case 132: return "sctp";
        default: return nullptr;
    }
}

const char* icmp_type_name(uint8_t t) {
    static const char* const names[] = {
        "echo-reply",      nullptr,   nullptr,         "unreachable",   "sourcequench", "redirect",         nullptr,
        nullptr,           "echo",    "routeradvert",  "routersolicit", "timeexceeded", "parameterproblem", "timestamp",
        "timestamp-reply", "inforeq", "inforeq-reply", "maskreq",       "maskreq-reply"};
    return t < sizeof names / sizeof names[0] ? names[t] : nullptr;
}

const char* icmp_code_name(uint8_t type, uint8_t code) {
    static const char* const unreach[] = {"net",
                                          "host",
                                          "protocol",
                                          "port",
                                          "needfrag",
                                          "srcroutefail",
                                          "netunknown",
                                          "hostunknown",
                                          "isolated",
                                          "netprohibited",
                                          "hostprohibited",
                                          "tosnet",
                                          "toshost",
                                          "filterprohibited",
                                          "hostprecedence",
                                          "precedencecutoff"};
    static const char* const redirect[] = {"net", "host", "tosnet", "toshost"};
    static const char* const timxceed[] = {"transit", "reassembly"};
    static const char* const paramprob[] = {"erroratptr", "missingopt", "length"};
    auto pick = [code](const char* const* names, size_t n) { return code < n ? names[code] : nullptr; };
    switch (type) {
        case ICMP_UNREACH: return pick(unreach, 16);
        case ICMP_REDIRECT: return pick(redirect, 4);
        case ICMP_TIMXCEED: return pick(timxceed, 2);
        case ICMP_PARAMPROB: return pick(paramprob, 3);
        default: return nullptr;
    }
}

// `tl`: transport bytes present, clamped to the IP payload length (negative if none).
void tcp_line(std::string& out, const Packet* p, const click_ip& iph, const uint8_t* th, long tl) {
    if (tl < 4 || !is_first_fragment(iph)) {
        add_pair(out, iph);
        out += is_first_fragment(iph) ? ": truncated-tcp" : ": tcp";
        return;
    }
    add_pair_ports(out, iph, th);
    if (tl < 14) {
        out += "truncated-tcp";
        return;
    }
    uint8_t flags = th[offsetof(click_tcp, flags)];
    long ip_len = ntohs(iph.len);
    long seqlen = ip_len - long(iph.header_length()) - long(th[offsetof(click_tcp, off)] >> 4) * 4;
    if (flags & TH_SYN) out += 'S', ++seqlen;
    if (flags & TH_FIN) out += 'F', ++seqlen;
    if (flags & TH_RST) out += 'R';
    if (flags & TH_PUSH) out += 'P';
    if (!(flags & (TH_SYN | TH_FIN | TH_RST | TH_PUSH))) out += '.';
    uint32_t seq = load32(th + offsetof(click_tcp, seq));
    out += ' ';
    add_num(out, seq);
    out += ':';
    add_num(out, uint32_t(seq + uint32_t(seqlen)));
    out += '(';
    add_signed(out, seqlen);
    out += ',';
    add_num(out, p->length());
    out += ',';
    add_num(out, uint64_t(ip_len));
    out += ')';
    if (flags & TH_ACK) {
        out += " ack ";
        add_num(out, load32(th + offsetof(click_tcp, ack)));
    }
    if (tl < 16) {
        out += " truncated-tcp";
        return;
    }
    out += " win ";
    add_num(out, load16(th + offsetof(click_tcp, win)));
}

void udp_line(std::string& out, const click_ip& iph, const uint8_t* th, long tl) {
    if (tl < 4 || !is_first_fragment(iph)) {
        add_pair(out, iph);
        out += is_first_fragment(iph) ? ": truncated-udp" : ": udp";
        return;
    }
    add_pair_ports(out, iph, th);
    if (tl < 8) {
        out += "truncated-udp";
        return;
    }
    out += "udp ";
    add_num(out, load16(th + offsetof(click_udp, len)));
}

void icmp_unreachable(std::string& out, const uint8_t* th, long tl) {
    uint8_t code = th[1];
    const char* name = icmp_code_name(ICMP_UNREACH, code);
    auto add_code = [&] {
        if (name)
            out += name;
        else
            out += "code ", add_num(out, code);
    };
    // The offending datagram's IP header follows the 8-byte ICMP header.
    const uint8_t* eip = th + 8;
    long eip_len = tl - 8;
    if (eip_len < long(sizeof(click_ip))) {
        out += "icmp unreachable ";
        add_code();
        out += " truncated-icmp";
        return;
    }
    click_ip e;
    std::memcpy(&e, eip, sizeof e);
    out += "icmp ";
    add_ip(out, e.dst);
    out += " unreachable ";
    add_code();
    const char* pname = proto_name(e.p);
    if (code == 2) {  // protocol
        out += ' ';
        if (pname)
            out += pname;
        else
            add_num(out, e.p);
    } else if (code == 3) {  // port
        out += ' ';
        if (pname)
            out += pname;
        else
            out += "protocol ", add_num(out, e.p);
        long eport_len = eip_len - long(e.header_length());
        if (eport_len < 4) {
            out += " truncated-icmp";
            return;
        }
        out += '/';
        add_num(out, load16(eip + e.header_length() + 2));
    } else if (code == 4) {  // needfrag: next-hop MTU in the header's last 2 bytes
        uint16_t mtu = load16(th + 6);
        if (mtu) {
            out += " (mtu ";
            add_num(out, mtu);
            out += ')';
        }
    }
}

void icmp_line(std::string& out, const click_ip& iph, const uint8_t* th, long tl, bool swap) {
    add_pair(out, iph);
    out += ": ";
    if (!is_first_fragment(iph)) {
        out += "icmp";
        return;
    }
    if (tl < 2) {
        out += "truncated-icmp";
        return;
    }
    uint8_t type = th[0], code = th[1];
    if (type == ICMP_ECHO || type == ICMP_ECHOREPLY) {
        out += type == ICMP_ECHO ? "icmp echo " : "icmp echo-reply ";
        if (tl < 8) {
            out += "truncated-icmp";
            return;
        }
        uint16_t id = load16(th + 4), seq = load16(th + 6);
        if (swap) id = uint16_t(id << 8 | id >> 8), seq = uint16_t(seq << 8 | seq >> 8);
        out += '(';
        add_num(out, id);
        out += ", ";
        add_num(out, seq);
        out += ')';
        return;
    }
    if (type == ICMP_UNREACH) return icmp_unreachable(out, th, tl);
    out += "icmp ";
    if (const char* t = icmp_type_name(type))
        out += t;
    else
        out += "type ", add_num(out, type);
    if (const char* c = icmp_code_name(type, code))
        out += ' ', out += c;
    else if (code)
        out += " code ", add_num(out, code);
}

void contents(std::string& out, const uint8_t* data, long n, IPPrintOptions::Contents how) {
    static const char hexdigits[] = "0123456789abcdef";
    bool hex = how == IPPrintOptions::Contents::Hex;
    long line = hex ? 24 : 48, group = hex ? 4 : 8;
    for (long i = 0; i < n; ++i) {
        if (i % line == 0)
            out += "\n  ";
        else if (i % group == 0)
            out += ' ';
        uint8_t c = data[i];
        if (hex)
            out += hexdigits[c >> 4], out += hexdigits[c & 15];
        else
            out += c >= 32 && c <= 126 ? char(c) : '.';
    }
}

}  // namespace

void format_ip_packet(const Packet* p, const IPPrintOptions& o, std::string& out) {
    if (!o.label.empty()) out += o.label, out += ": ";
    if (o.timestamp) out += p->timestamp_anno().str(), out += ": ";
    if (o.aggregate) out += '#', add_num(out, load<uint32_t>(p->anno() + anno::aggregate));
    if (o.paint) out += o.aggregate ? "." : "paint ", add_num(out, p->paint_anno());
    if (o.aggregate || o.paint) out += ": ";

    click_ip iph;
    if (!read_ip_header(p, iph)) {
        out += "truncated-ip";
        return;
    }
    long ip_len = ntohs(iph.len);
    long payload_len = ip_len - long(iph.header_length());
    const uint8_t* th = p->transport_header();
    long tl = bytes_after(p, th);
    if (tl < 0) tl = 0, th = p->data() + p->length();  // transport header outside the data
    if (tl > payload_len) tl = payload_len;

    if (o.id) out += "id ", add_num(out, ntohs(iph.id)), out += ' ';
    if (o.ttl) out += "ttl ", add_num(out, iph.ttl), out += ' ';
    if (o.tos) out += "tos ", add_num(out, iph.tos), out += ' ';
    if (o.length) out += "length ", add_num(out, uint64_t(ip_len)), out += ' ';

    if (iph.p == IP_PROTO_TCP)
        tcp_line(out, p, iph, th, tl);
    else if (iph.p == IP_PROTO_UDP)
        udp_line(out, iph, th, tl);
    else if (iph.p == IP_PROTO_ICMP)
        icmp_line(out, iph, th, tl, o.swap);
    else
        add_pair(out, iph), out += ": ip-proto-", add_num(out, iph.p);

    if (is_fragment(iph)) {
        uint16_t off = ntohs(iph.off);
        out += " (frag ";
        add_num(out, ntohs(iph.id));
        out += ':';
        add_signed(out, payload_len);
        out += '@';
        add_num(out, uint32_t(off & IP_OFFMASK) << 3);
        if (off & IP_MF) out += '+';
        out += ')';
    }

    if (o.contents == IPPrintOptions::Contents::None) return;
    // Where the printed bytes start, as an offset into the packet data.
    long end = long(p->length());
    long start = 0;
    if (o.payload_only) {
        start = end - bytes_after(p, th);
        if (is_first_fragment(iph) && iph.p == IP_PROTO_TCP)  // no data offset to read: no payload
            start = in_packet(p, th, 13) ? start + long(th[offsetof(click_tcp, off)] >> 4) * 4 : end;
        else if (is_first_fragment(iph) && iph.p == IP_PROTO_UDP)
            start += long(sizeof(click_udp));
    }
    long n = start < end ? end - start : 0;
    if (o.max_length >= 0 && n > o.max_length) n = o.max_length;
    contents(out, p->data() + (n ? start : 0), n, o.contents);
}

}  // namespace clickos::ip
