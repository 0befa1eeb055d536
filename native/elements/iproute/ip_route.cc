#include "ip_route.hh"

#include <arpa/inet.h>

#include <vector>

#include "clickos/addresses.hh"
#include "clickos/args.hh"

namespace clickos {

namespace {

std::vector<std::string_view> split_spaces(std::string_view s) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        size_t b = i;
        while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        if (i > b) words.push_back(s.substr(b, i - b));
    }
    return words;
}

// Output ports are written in decimal, as in connections ("rt[3]").
bool parse_port(std::string_view s, int32_t& port) {
    if (s.empty() || s.size() > 9) return false;
    int32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    port = v;
    return true;
}

bool parse_prefix(std::string_view s, IPRoute& r, std::string& why) {
    IPPrefix p;
    if (!parse_value(s, p, why)) {
        why = "bad ADDR/MASK '" + std::string(s) + "'";
        return false;
    }
    r.addr = p.addr.addr;
    r.mask = p.mask.addr;
    return true;
}

bool parse_gateway(std::string_view s, IPRoute& r, std::string& why) {
    IPAddress a;
    if (!parse_value(s, a, why)) {
        why = "bad GATEWAY '" + std::string(s) + "'";
        return false;
    }
    r.gw = a.addr;
    return true;
}

bool parse_output(std::string_view s, IPRoute& r, std::string& why) {
    if (!parse_port(s, r.port)) {
        why = "bad OUTPUT '" + std::string(s) + "'";
        return false;
    }
    return true;
}

}  // namespace

int IPRoute::prefix_len() const {
    IPPrefix p;
    p.mask.addr = mask;
    return p.prefix_length();
}

std::string IPRoute::prefix_str() const {
    IPPrefix p;
    p.addr.addr = addr;
    p.mask.addr = mask;
    return p.str();
}

std::string IPRoute::table_line() const {
    return prefix_str() + "\t" + (gw ? IPAddress{gw}.str() : std::string("-")) + "\t" + std::to_string(port);
}

bool parse_route(std::string_view text, IPRoute& route, std::string& why) {
    auto words = split_spaces(text);
    IPRoute r;
    if (words.size() < 2 || words.size() > 3) {
        why = "expected ADDR/MASK [GATEWAY] OUTPUT";
        return false;
    }
    if (!parse_prefix(words[0], r, why)) return false;
    if (words.size() == 3 && !parse_gateway(words[1], r, why)) return false;
    if (!parse_output(words.back(), r, why)) return false;
    route = r;
    return true;
}

bool parse_route_key(std::string_view text, IPRoute& route, std::string& why) {
    auto words = split_spaces(text);
    IPRoute r;
    if (words.empty() || words.size() > 3) {
        why = "expected ADDR/MASK [[GATEWAY] OUTPUT]";
        return false;
    }
    if (!parse_prefix(words[0], r, why)) return false;
    if (words.size() == 3 && !parse_gateway(words[1], r, why)) return false;
    if (words.size() >= 2 && !parse_output(words.back(), r, why)) return false;
    route = r;
    return true;
}

}  // namespace clickos
