#include "ipencap/ip_args.hh"

#include <cctype>

#include "clickos/args.hh"

namespace clickos {

namespace {

struct Name {
    const char* name;
    uint8_t value;
};

std::string lower_trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

template <size_t N>
bool lookup(const Name (&table)[N], const std::string& word, uint8_t& out) {
    for (const auto& n : table)
        if (word == n.name) {
            out = n.value;
            return true;
        }
    return false;
}

// A number 0-255 (decimal, 0x hex).
bool number(const std::string& word, uint8_t& out) {
    std::string why;
    return !word.empty() && std::isdigit(static_cast<unsigned char>(word[0])) && parse_value(word, out, why);
}

// A number 0-255 or a name from `table`.
template <size_t N>
bool number_or_name(std::string_view s, const Name (&table)[N], uint8_t& out) {
    std::string word = lower_trimmed(s);
    return lookup(table, word, out) || number(word, out);
}

constexpr Name ip_protocols[] = {{"icmp", 1}, {"igmp", 2}, {"ipip", 4}, {"tcp", 6},    {"udp", 17},  {"ipv6", 41},
                                 {"gre", 47}, {"esp", 50}, {"ah", 51},  {"icmp6", 58}, {"sctp", 132}};

constexpr Name icmp_types[] = {{"echo-reply", 0},
                               {"unreachable", 3},
                               {"sourcequench", 4},
                               {"redirect", 5},
                               {"echo", 8},
                               {"routeradvert", 9},
                               {"routersolicit", 10},
                               {"timeexceeded", 11},
                               {"parameterproblem", 12},
                               {"timestamp", 13},
                               {"timestamp-reply", 14},
                               {"inforeq", 15},
                               {"inforeq-reply", 16},
                               {"maskreq", 17},
                               {"maskreq-reply", 18}};

constexpr Name unreachable_codes[] = {
    {"net", 0},       {"host", 1},           {"protocol", 2},         {"port", 3},
    {"needfrag", 4},  {"srcroutefail", 5},   {"net-unknown", 6},      {"host-unknown", 7},
    {"isolated", 8},  {"net-prohib", 9},     {"host-prohib", 10},     {"tos-net", 11},
    {"tos-host", 12}, {"filter-prohib", 13}, {"host-precedence", 14}, {"precedence-cutoff", 15}};
constexpr Name redirect_codes[] = {{"net", 0}, {"host", 1}, {"tos-net", 2}, {"tos-host", 3}};
constexpr Name timeexceeded_codes[] = {{"transit", 0}, {"reassembly", 1}};
constexpr Name paramprob_codes[] = {{"erroratptr", 0}, {"missingopt", 1}, {"length", 2}};

constexpr Name ecn_names[] = {{"no", 0}, {"ect1", 1}, {"ect(1)", 1}, {"ect2", 2}, {"ect(0)", 2}, {"ce", 3}};

}  // namespace

bool parse_value(std::string_view s, IPProtocolArg& v, std::string& why) {
    if (number_or_name(s, ip_protocols, v.value)) return true;
    why = "expected IP protocol (0 to 255, or a name such as tcp, udp, gre)";
    return false;
}

bool parse_value(std::string_view s, AddressOrAnnoArg& v, std::string& why) {
    std::string word = lower_trimmed(s);
    if (word == "dst_anno") {
        v.use_anno = true;
        v.addr = IPAddress{};
        return true;
    }
    v.use_anno = false;
    if (parse_value(s, v.addr, why)) return true;
    if (why == "expected IP address") why = "expected IP address or DST_ANNO";  // else a name's problem
    return false;
}

bool parse_value(std::string_view s, IPAddressListArg& v, std::string& why) {
    v.addrs.clear();
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (start == i) break;
        IPAddress a;
        if (!parse_value(s.substr(start, i - start), a, why)) {
            why = "expected list of IP addresses";
            return false;
        }
        v.addrs.push_back(a);
    }
    return true;
}

bool parse_value(std::string_view s, ICMPTypeArg& v, std::string& why) {
    if (number_or_name(s, icmp_types, v.value)) return true;
    why = "expected ICMP type (0 to 255, or a name such as unreachable, timeexceeded)";
    return false;
}

bool parse_icmp_code(uint8_t type, std::string_view s, uint8_t& code) {
    switch (type) {
        case 3: return number_or_name(s, unreachable_codes, code);
        case 5: return number_or_name(s, redirect_codes, code);
        case 11: return number_or_name(s, timeexceeded_codes, code);
        case 12: return number_or_name(s, paramprob_codes, code);
        default: return number(lower_trimmed(s), code);
    }
}

bool parse_value(std::string_view s, ECNArg& v, std::string& why) {
    uint8_t x;
    if (number_or_name(s, ecn_names, x) && x <= 3) {
        v.value = x;
        return true;
    }
    why = "expected ECN value (0 to 3, no, ect1, ect2 or ce)";
    return false;
}

bool parse_value(std::string_view s, ProbabilityArg& v, std::string& why) {
    double x;
    if (parse_value(s, x, why) && x >= 0 && x <= 1) {
        v.value = x;
        return true;
    }
    why = "expected real number between 0 and 1";
    return false;
}

}  // namespace clickos
