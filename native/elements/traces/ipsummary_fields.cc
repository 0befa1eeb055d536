#include "ipsummary_fields.hh"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "clickos/addresses.hh"
#include "lang/config_args.hh"
#include "trace_time.hh"

namespace clickos::traces::ipsum {

using namespace ipfields;

namespace {

struct Name {
    const char* name;
    Field field;
};

// Canonical names first: field_name() returns the first match.
const Name names[] = {
    {"timestamp", Field::Timestamp},
    {"ts_sec", Field::TsSec},
    {"ts_usec", Field::TsUsec},
    {"ip_src", Field::IpSrc},
    {"ip_dst", Field::IpDst},
    {"ip_proto", Field::IpProto},
    {"sport", Field::Sport},
    {"dport", Field::Dport},
    {"ip_len", Field::IpLen},
    {"ip_id", Field::IpId},
    {"ip_ttl", Field::IpTtl},
    {"tcp_flags", Field::TcpFlags},
    {"payload_len", Field::PayloadLen},
    {"count", Field::Count},
    {"ts", Field::Timestamp},
    {"src", Field::IpSrc},
    {"dst", Field::IpDst},
    {"len", Field::IpLen},
    {"length", Field::IpLen},
    {"ip_length", Field::IpLen},
    {"proto", Field::IpProto},
    {"ttl", Field::IpTtl},
    {"id", Field::IpId},
    {"flags", Field::TcpFlags},
    {"payload_length", Field::PayloadLen},
    {"pkt_count", Field::Count},
    {"packet_count", Field::Count},
    {"sec", Field::TsSec},
    {"usec", Field::TsUsec},
};

const char flag_letters[] = "FSRPAUECN";

template <typename T>
bool parse_uint(std::string_view s, T& out, uint64_t max) {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v > max) return false;
    out = T(v);
    return true;
}

void append_uint(std::string& out, uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, size_t(end - buf));
}

void append_ip(std::string& out, const uint8_t* a) {
    for (int i = 0; i < 4; ++i) {
        if (i) out += '.';
        append_uint(out, a[i]);
    }
}

bool is_ports_proto(uint8_t proto) {
    return proto == proto_tcp || proto == proto_udp;
}

}  // namespace

bool parse_field(std::string_view name, Field& f) {
    std::string n;
    for (char c : name) n += c == ' ' ? '_' : char(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& e : names)
        if (n == e.name) {
            f = e.field;
            return true;
        }
    return false;
}

const char* field_name(Field f) {
    for (const auto& e : names)
        if (e.field == f) return e.name;
    return "?";
}

bool parse_field_list(const std::string& text, std::vector<Field>& out, std::string& error) {
    out.clear();
    for (const auto& word : lang::split_words(text)) {
        std::string name = lang::unquote(word);
        if (name.empty()) continue;
        Field f;
        if (!parse_field(name, f)) {
            error = "unknown field '" + name + "'";
            return false;
        }
        out.push_back(f);
    }
    return true;
}

std::string field_list_str(const std::vector<Field>& fields) {
    std::string s;
    for (Field f : fields) {
        if (!s.empty()) s += ' ';
        s += field_name(f);
    }
    return s;
}

IPView ip_view(const Packet* p) {
    const uint8_t* end = p->data() + p->length();
    const uint8_t* net = p->network_header();
    if (net && net >= p->data() && net <= end) return IPView::of(net, uint32_t(end - net));
    return IPView::of(p->data(), p->length());
}

void write_field(Field f, const Packet* p, const IPView& v, std::string& out) {
    size_t before = out.size();
    Timestamp ts = p->timestamp_anno();
    switch (f) {
        case Field::Timestamp: out += ts.str(); break;
        case Field::TsSec: append_uint(out, uint64_t(ts.sec())); break;
        case Field::TsUsec: append_uint(out, uint64_t(ts.subsec_ns() / 1000)); break;
        case Field::Count: out += '1'; break;
        default: break;
    }
    if (v.ip) switch (f) {
            case Field::IpSrc: append_ip(out, v.ip + ip_src); break;
            case Field::IpDst: append_ip(out, v.ip + ip_dst); break;
            case Field::IpProto:
                switch (v.proto()) {
                    case proto_tcp: out += 'T'; break;
                    case proto_udp: out += 'U'; break;
                    case proto_icmp: out += 'I'; break;
                    default: append_uint(out, v.proto());
                }
                break;
            case Field::Sport:
            case Field::Dport:
                if (is_ports_proto(v.proto()) && v.has_transport(4))
                    append_uint(out, load16(v.transport + (f == Field::Sport ? 0 : 2)));
                break;
            case Field::IpLen: append_uint(out, v.length()); break;
            case Field::IpId: append_uint(out, load16(v.ip + ip_id)); break;
            case Field::IpTtl: append_uint(out, v.ip[ip_ttl]); break;
            case Field::TcpFlags:
                if (v.proto() == proto_tcp && v.has_transport(tcp_flags + 1)) {
                    unsigned flags = v.transport[tcp_flags] | ((v.transport[tcp_off] & 1) << 8);
                    if (!flags) out += '.';
                    for (int bit = 0; bit < 9; ++bit)
                        if (flags & (1u << bit)) out += flag_letters[bit];
                }
                break;
            case Field::PayloadLen: {
                int64_t headers = v.header_len;
                if (v.first_fragment() && v.proto() == proto_tcp) {
                    if (!v.has_transport(tcp_off + 1)) break;  // the TCP header length was not captured
                    headers += (v.transport[tcp_off] >> 4) * 4;
                } else if (v.first_fragment() && v.proto() == proto_udp)
                    headers += udp_header;
                int64_t payload = int64_t(v.length()) - headers;
                append_uint(out, uint64_t(payload > 0 ? payload : 0));
                break;
            }
            default: break;
        }
    if (out.size() == before) out += '-';
}

bool read_field(Field f, std::string_view s, Record& r) {
    if (s == "-") return true;
    switch (f) {
        case Field::Timestamp:
            if (!parse_trace_time(s, r.timestamp)) return false;
            r.has |= Record::HasTimestamp;
            return true;
        case Field::TsSec: r.has |= Record::HasTsSec; return parse_uint(s, r.ts_sec, UINT32_MAX);
        case Field::TsUsec: r.has |= Record::HasTsUsec; return parse_uint(s, r.ts_usec, 999999);
        case Field::IpSrc:
        case Field::IpDst: {
            IPAddress a;
            if (!IPAddress::parse(s, a)) return false;
            (f == Field::IpSrc ? r.src : r.dst) = a.addr;
            r.has |= f == Field::IpSrc ? Record::HasSrc : Record::HasDst;
            return true;
        }
        case Field::IpProto:
            r.has |= Record::HasProto;
            if (s == "T") return r.proto = proto_tcp, true;
            if (s == "U") return r.proto = proto_udp, true;
            if (s == "I") return r.proto = proto_icmp, true;
            return parse_uint(s, r.proto, 255);
        case Field::Sport: r.has |= Record::HasSport; return parse_uint(s, r.sport, 65535);
        case Field::Dport: r.has |= Record::HasDport; return parse_uint(s, r.dport, 65535);
        case Field::IpLen: r.has |= Record::HasLen; return parse_uint(s, r.ip_len, 65535);
        case Field::IpId: r.has |= Record::HasId; return parse_uint(s, r.ip_id, 65535);
        case Field::IpTtl: r.has |= Record::HasTtl; return parse_uint(s, r.ttl, 255);
        case Field::TcpFlags: {
            r.has |= Record::HasFlags;
            if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) return parse_uint(s, r.tcp_flags, 511);
            uint16_t flags = 0;
            if (s != ".")
                for (char c : s) {
                    const char* at = std::strchr(flag_letters, c);
                    if (c == 'W' || c == 'Y') at = flag_letters + 7;  // older spellings of CWR
                    if (c == 'X') at = flag_letters + 6;              // and of ECE
                    if (!c || !at) return false;
                    flags |= uint16_t(1u << (at - flag_letters));
                }
            r.tcp_flags = flags;
            return true;
        }
        case Field::PayloadLen: r.has |= Record::HasPayloadLen; return parse_uint(s, r.payload_len, 65535);
        case Field::Count: r.has |= Record::HasCount; return parse_uint(s, r.count, UINT32_MAX);
        case Field::Unknown: return true;
    }
    return false;
}

Packet* build_packet(const Record& r, const BuildOptions& o) {
    uint8_t proto = r.has & Record::HasProto ? r.proto : o.default_proto;
    uint32_t thl = proto == proto_tcp ? tcp_min_header : proto == proto_udp || proto == proto_icmp ? 8 : 0;
    uint32_t ip_total;
    if (r.has & Record::HasLen)
        ip_total = r.ip_len;
    else {
        ip_total = ip_min_header + thl + (r.has & Record::HasPayloadLen ? r.payload_len : 0);
        if (ip_total > 65535) ip_total = 65535;
    }
    // The packet holds the whole IP length (at least an IP header); a transport header that
    // does not fit is cut.
    uint32_t length = ip_total < ip_min_header ? ip_min_header : ip_total;
    Packet* p = Packet::make(Packet::default_headroom, nullptr, length, 0);
    if (!p) return nullptr;
    uint8_t* ip = p->mutable_data();
    std::memset(ip, 0, length);
    ip[ip_vhl] = 0x45;
    store16(ip + ip_len, uint16_t(ip_total));
    store16(ip + ip_id, r.ip_id);
    ip[ip_ttl] = r.has & Record::HasTtl ? r.ttl : o.default_ttl;
    ip[ip_p] = proto;
    std::memcpy(ip + ip_src, &r.src, 4);
    std::memcpy(ip + ip_dst, &r.dst, 4);
    store16(ip + ip_sum, checksum(ip, ip_min_header));

    uint8_t th[tcp_min_header] = {};
    if (proto == proto_tcp || proto == proto_udp) {
        store16(th + 0, r.sport);
        store16(th + 2, r.dport);
    }
    uint32_t segment = length - ip_min_header;
    if (proto == proto_tcp) {
        th[tcp_off] = uint8_t((tcp_min_header / 4) << 4) | uint8_t((r.tcp_flags >> 8) & 1);
        th[tcp_flags] = uint8_t(r.tcp_flags);
    } else if (proto == proto_udp)
        store16(th + udp_len, uint16_t(segment));
    uint8_t* t = ip + ip_min_header;
    std::memcpy(t, th, thl < segment ? thl : segment);
    if (o.transport_checksums && segment >= thl && thl) {
        if (proto == proto_tcp)
            store16(t + tcp_sum, transport_checksum(ip, t, segment));
        else if (proto == proto_udp) {
            uint16_t sum = transport_checksum(ip, t, segment);
            store16(t + udp_sum, sum ? sum : 0xffff);  // zero would mean "no checksum"
        } else
            store16(t + icmp_sum, checksum(t, segment));
    }

    p->set_network_header(ip, ip_min_header);
    if (r.has & Record::HasTimestamp)
        p->set_timestamp_anno(r.timestamp);
    else if (r.has & (Record::HasTsSec | Record::HasTsUsec))
        p->set_timestamp_anno(Timestamp{int64_t(r.ts_sec) * 1000000000 + int64_t(r.ts_usec) * 1000});
    return p;
}

}  // namespace clickos::traces::ipsum
