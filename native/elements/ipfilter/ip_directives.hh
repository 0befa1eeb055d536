// The directives of the IP filter language ("host", "port", "ip ttl", "icmp type", ...)
// as the pattern parser knows them: the shape of the primitive each one makes, the name
// error messages use, and the names its values may take.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ip_names.hh"
#include "ip_primitive.hh"

namespace clickos::ipfilter {

struct Directive {
    Primitive prim;
    std::string name;                          // "port", "ip ttl", "tcp[13:1]"
    const std::vector<Name>* names = nullptr;  // names of values (ports, protocols, ICMP types)
    const char* name_kind = "";                // "port", "protocol", "ICMP type"
};

// 1 for a number (decimal or 0x hex), 0 if `w` is not one, -1 if it is too large.
int parse_number(std::string_view w, uint32_t& v);

// Words that may follow "ip" (proto, vers, ..., frag, ect, ce) and a protocol (port, opt,
// win, type).
bool is_ip_keyword(std::string_view w);
bool is_transport_keyword(std::string_view w);

// The directive a keyword names, before qualifiers (tcp, ip, ...) apply; false if `w` names
// none.
bool keyword_directive(std::string_view w, Directive& d);

Directive field_directive(const Field& f, std::string name, const std::vector<Name>* names = nullptr,
                          const char* name_kind = "");
Directive kind_directive(Kind k, std::string name);
Directive port_directive(Guard g, uint32_t proto, std::string name);
Directive protocol_directive();
Directive icmp_type_directive();

// ip frag, ip unfrag, ip ect, ip ce: primitives without a value.
bool is_flag_kind(Kind k);
// Whether two directives test the same thing (so a value may repeat the previous one).
bool same_directive(const Directive& a, const Directive& b);

}  // namespace clickos::ipfilter
