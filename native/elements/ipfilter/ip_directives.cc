#include "ip_directives.hh"

namespace clickos::ipfilter {

int parse_number(std::string_view w, uint32_t& v) {
    size_t i = 0;
    uint64_t base = 10, x = 0;
    if (w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) base = 16, i = 2;
    if (i >= w.size()) return 0;
    bool big = false;
    for (; i < w.size(); ++i) {
        char c = w[i];
        uint64_t d;
        if (c >= '0' && c <= '9')
            d = uint64_t(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = uint64_t(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = uint64_t(c - 'A' + 10);
        else
            return 0;
        x = x * base + d;
        if (x > 0xffffffffu) big = true, x = 0;
    }
    if (big) return -1;
    v = uint32_t(x);
    return 1;
}

bool is_ip_keyword(std::string_view w) {
    for (std::string_view k : {"proto", "vers", "hl", "id", "tos", "dscp", "ttl", "len", "frag", "unfrag", "ect", "ce"})
        if (w == k) return true;
    return false;
}

bool is_transport_keyword(std::string_view w) {
    return w == "port" || w == "opt" || w == "win" || w == "type";
}

Directive field_directive(const Field& f, std::string name, const std::vector<Name>* names, const char* name_kind) {
    Directive d;
    d.prim.kind = Kind::Field;
    d.prim.field = f;
    d.name = std::move(name);
    d.names = names;
    d.name_kind = name_kind;
    return d;
}

Directive kind_directive(Kind k, std::string name) {
    Directive d;
    d.prim.kind = k;
    d.name = std::move(name);
    return d;
}

Directive port_directive(Guard g, uint32_t proto, std::string name) {
    Directive d = field_directive(transport_field(0, 2, g, uint8_t(proto)), std::move(name), &port_names(), "port");
    d.prim.kind = Kind::Port;
    return d;
}

Directive protocol_directive() {
    return field_directive(ip_field(9, 1), "ip proto", &protocol_names(), "protocol");
}

Directive icmp_type_directive() {
    return field_directive(transport_field(0, 1, Guard::Proto, proto_icmp), "icmp type", &icmp_type_names(),
                           "ICMP type");
}

bool keyword_directive(std::string_view w, Directive& d) {
    if (w == "host" || w == "net")
        d = kind_directive(Kind::Address, std::string(w));
    else if (w == "port")
        d = port_directive(Guard::TcpOrUdp, 0, "port");
    else if (w == "proto")
        d = protocol_directive();
    else if (w == "vers")
        d = field_directive(ip_field(0, 1, 0xf0, 4), "ip vers");
    else if (w == "hl")
        d = field_directive(ip_field(0, 1, 0x0f), "ip hl");
    else if (w == "tos")
        d = field_directive(ip_field(1, 1), "ip tos");
    else if (w == "dscp")
        d = field_directive(ip_field(1, 1, 0xfc, 2), "ip dscp");
    else if (w == "len")
        d = field_directive(ip_field(2, 2), "ip len");
    else if (w == "id")
        d = field_directive(ip_field(4, 2), "ip id");
    else if (w == "ttl")
        d = field_directive(ip_field(8, 1), "ip ttl");
    else if (w == "frag")
        d = kind_directive(Kind::Frag, "ip frag");
    else if (w == "unfrag")
        d = kind_directive(Kind::Unfrag, "ip unfrag");
    else if (w == "ect")
        d = kind_directive(Kind::Ect, "ip ect");
    else if (w == "ce")
        d = kind_directive(Kind::Ce, "ip ce");
    else if (w == "opt")
        d = kind_directive(Kind::TcpFlag, "tcp opt");
    else if (w == "win")
        d = field_directive(transport_field(14, 2, Guard::Proto, proto_tcp), "tcp win");
    else if (w == "type")
        d = icmp_type_directive();
    else
        return false;
    return true;
}

bool is_flag_kind(Kind k) {
    return k == Kind::Frag || k == Kind::Unfrag || k == Kind::Ect || k == Kind::Ce;
}

bool same_directive(const Directive& a, const Directive& b) {
    if (a.prim.kind != b.prim.kind) return false;
    if (a.prim.kind != Kind::Field) return true;
    const Field &x = a.prim.field, &y = b.prim.field;
    return x.base == y.base && x.offset == y.offset && x.length == y.length && x.bits == y.bits && x.guard == y.guard &&
           x.proto == y.proto;
}

}  // namespace clickos::ipfilter
