// Argument types shared by the IP encapsulation elements: IP protocol and ICMP names,
// "DST_ANNO" destinations, address lists, ECN code points and probabilities. Each has a
// parse_value overload, so Args reports a bad value at the argument's own location.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clickos/addresses.hh"

namespace clickos {

// An IP protocol number (0-255) or name: icmp, igmp, ipip, tcp, udp, ipv6, gre, esp, ah,
// icmp6, sctp.
struct IPProtocolArg {
    uint8_t value = 0;
};
bool parse_value(std::string_view s, IPProtocolArg& v, std::string& why);

// An IPv4 address, or DST_ANNO: take the address from each packet's destination annotation.
struct AddressOrAnnoArg {
    IPAddress addr;
    bool use_anno = false;
    std::string str() const { return use_anno ? "DST_ANNO" : addr.str(); }
};
bool parse_value(std::string_view s, AddressOrAnnoArg& v, std::string& why);

// Space-separated IPv4 addresses (possibly none).
struct IPAddressListArg {
    std::vector<IPAddress> addrs;
};
bool parse_value(std::string_view s, IPAddressListArg& v, std::string& why);

// An ICMP type: a number 0-255 or a name (unreachable, sourcequench, redirect,
// timeexceeded, parameterproblem, echo, echo-reply, ...).
struct ICMPTypeArg {
    uint8_t value = 0;
};
bool parse_value(std::string_view s, ICMPTypeArg& v, std::string& why);
// An ICMP code for `type`: a number 0-255 or one of the type's code names ("needfrag").
bool parse_icmp_code(uint8_t type, std::string_view s, uint8_t& code);
// The types RFC 792/1812 call errors (3, 4, 5, 11, 12).
inline bool icmp_is_error_type(unsigned type) {
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

// An ECN code point: 0-3, or no, ect1 / ECT(1), ect2 / ECT(0), ce.
struct ECNArg {
    uint8_t value = 0;
};
bool parse_value(std::string_view s, ECNArg& v, std::string& why);

// A real number between 0 and 1.
struct ProbabilityArg {
    double value = 0;
};
bool parse_value(std::string_view s, ProbabilityArg& v, std::string& why);

}  // namespace clickos
