// One IPv4 route (ADDR/MASK [GATEWAY] OUTPUT) and its text forms, shared by the routing
// table elements, their handlers and their tests.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace clickos {

struct IPRoute {
    uint32_t addr = 0;  // network byte order, already masked
    uint32_t mask = 0;  // network byte order
    uint32_t gw = 0;    // network byte order; 0: no gateway
    int32_t port = -1;  // output; -1 in a remove request that did not name one

    // The prefix length, or -1 if the mask is not contiguous.
    int prefix_len() const;
    bool contains(uint32_t a) const { return (a & mask) == addr; }
    // "ADDR/LEN" (or "ADDR/MASK" for a non-contiguous mask).
    std::string prefix_str() const;
    // One line of the `table` handler: "ADDR/LEN\tGW\tOUT", '-' for no gateway.
    std::string table_line() const;
};

// Parses "ADDR/MASK [GATEWAY] OUTPUT" (a bare ADDR means ADDR/32). On failure, `why` says
// what was wrong with it.
bool parse_route(std::string_view text, IPRoute& route, std::string& why);

// Parses a remove request: "ADDR/MASK", "ADDR/MASK OUTPUT" or "ADDR/MASK GATEWAY OUTPUT".
// route.port stays -1 when no output was given (then only the prefix has to match).
bool parse_route_key(std::string_view text, IPRoute& route, std::string& why);

// Host byte order mask of a prefix length (0..32).
inline uint32_t prefix_mask_host(int len) {
    return len <= 0 ? 0 : len >= 32 ? 0xffffffffu : 0xffffffffu << (32 - len);
}

}  // namespace clickos
