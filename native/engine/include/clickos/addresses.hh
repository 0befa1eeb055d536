// IPv4 and Ethernet address values as configuration arguments and handler text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace clickos {

struct IPAddress {
    uint32_t addr = 0;  // network byte order
    static bool parse(std::string_view s, IPAddress& out);
    std::string str() const;
    friend bool operator==(IPAddress a, IPAddress b) { return a.addr == b.addr; }
};

struct IPPrefix {
    IPAddress addr;
    IPAddress mask;
    // "a.b.c.d/len", "a.b.c.d/m.m.m.m", or "a.b.c" style short forms ("18.26.4/24").
    static bool parse(std::string_view s, IPPrefix& out);
    int prefix_length() const;  // -1 if the mask is not contiguous
    std::string str() const;
};

struct EtherAddress {
    uint8_t bytes[6] = {};
    // "xx:xx:xx:xx:xx:xx" or "xx-xx-xx-xx-xx-xx" (one or two hex digits per byte).
    static bool parse(std::string_view s, EtherAddress& out);
    std::string str() const;
    bool is_broadcast() const;
    bool is_group() const { return bytes[0] & 1; }
    friend bool operator==(const EtherAddress& a, const EtherAddress& b);
};

}  // namespace clickos
