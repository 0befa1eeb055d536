// Packets with timestamps and aggregate annotations for the analysis tests, built on the
// hand-built IPv4 packets of the NAT tests (checksums computed from scratch there).
#pragma once
#include <cstring>
#include <string>

#include "clickos/element.hh"
#include "clickos/packet.hh"
#include "nat/tests/icmp_packets.hh"

namespace analysis_test {

using namespace nat_test;

// A packet with its network header annotation (when it holds an IPv4 header) and timestamp.
inline clickos::Packet* stamped(const std::string& bytes, double seconds) {
    clickos::Packet* p = clickos::Packet::make(bytes.data(), uint32_t(bytes.size()));
    if (bytes.size() >= 20 && (uint8_t(bytes[0]) >> 4) == 4)
        p->set_network_header(p->data(), uint32_t(uint8_t(bytes[0]) & 15) * 4);
    p->set_timestamp_anno(clickos::Timestamp{int64_t(seconds * 1e9 + (seconds >= 0 ? 0.5 : -0.5))});
    return p;
}

inline uint32_t aggregate_of(const clickos::Packet* p) {
    uint32_t a;
    std::memcpy(&a, p->anno() + clickos::anno::aggregate, 4);
    return a;
}

inline clickos::Packet* with_aggregate(clickos::Packet* p, uint32_t a) {
    std::memcpy(p->anno() + clickos::anno::aggregate, &a, 4);
    return p;
}

}  // namespace analysis_test
