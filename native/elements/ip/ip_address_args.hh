// Configuration argument types shared by the IP elements: space-separated address lists
// (BADSRC, GOODDST, OTHERADDRS) and CheckIPHeader's INTERFACES. Args finds these
// parse_value overloads by argument-dependent lookup.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "clickos/args.hh"

namespace clickos {

// "ADDR ADDR ...": zero or more IPv4 addresses, network byte order.
struct IPAddressList {
    std::vector<uint32_t> addrs;
    bool contains(uint32_t a) const {
        for (uint32_t x : addrs)
            if (x == a) return true;
        return false;
    }
};

// "ADDR/PREFIX ...": a router's interfaces. Each one's subnet broadcast address is a bad
// source and its own address a good destination; 0.0.0.0 and 255.255.255.255 are always
// bad sources (RFC 1812 5.3.7).
struct InterfaceList {
    IPAddressList bad_src;
    IPAddressList good_dst;
};

bool parse_value(std::string_view s, IPAddressList& v, std::string& why);
bool parse_value(std::string_view s, InterfaceList& v, std::string& why);

}  // namespace clickos
