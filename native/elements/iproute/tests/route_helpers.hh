// Helpers for the routing table tests: addresses, packets carrying a destination IP
// annotation, and a plain reference implementation of longest-prefix match.
#pragma once
#include <arpa/inet.h>

#include <cstdint>
#include <string>
#include <vector>

#include "clickos/addresses.hh"
#include "testing.hh"

namespace routetest {

// Network byte order address from dotted text.
inline uint32_t ip(const std::string& s) {
    clickos::IPAddress a;
    clickos::IPAddress::parse(s, a);
    return a.addr;
}

inline std::string ip_str(uint32_t a) {
    return clickos::IPAddress{a}.str();
}

// A packet whose data is `tag` and whose destination annotation is dst.
inline clickos::Packet* packet_to(const std::string& dst, const std::string& tag) {
    clickos::Packet* p = clickos::testing::TestInject::make(tag);
    p->set_dst_ip_anno(ip(dst));
    return p;
}

// The reference: every route checked, the longest matching prefix wins.
struct RefRoute {
    uint32_t addr, mask, gw;  // host byte order
    int len;
    int port;
};

inline int ref_lookup(const std::vector<RefRoute>& routes, uint32_t dst_host, uint32_t& gw_host) {
    int best = -1, best_len = -1;
    for (const auto& r : routes)
        if ((dst_host & r.mask) == r.addr && r.len > best_len) {
            best_len = r.len;
            best = r.port;
            gw_host = r.gw;
        }
    if (best < 0) gw_host = 0;
    return best;
}

}  // namespace routetest
