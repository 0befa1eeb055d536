// Safe reads of packet headers for the IP elements. A header annotation is only trusted
// when the bytes it covers lie inside the packet's data window, and fields are copied out
// with memcpy because headers behind link headers are often not 4-byte aligned.
#pragma once
#include <cstdint>
#include <cstring>

#include "clickos/ip.hh"
#include "clickos/packet.hh"

namespace clickos::ip {

// True when [at, at + n) lies inside p's data.
inline bool in_packet(const Packet* p, const uint8_t* at, size_t n) {
    if (!at) return false;
    auto b = reinterpret_cast<uintptr_t>(p->data()), x = reinterpret_cast<uintptr_t>(at);
    return x >= b && x - b <= p->length() && p->length() - (x - b) >= n;
}

// Bytes from `at` to the end of p's data, or -1 if `at` is outside the data.
inline long bytes_after(const Packet* p, const uint8_t* at) {
    if (!at) return -1;
    auto b = reinterpret_cast<uintptr_t>(p->data()), x = reinterpret_cast<uintptr_t>(at);
    if (x < b || x - b > p->length()) return -1;
    return long(p->length() - (x - b));
}

template <typename T>
inline T load(const uint8_t* at) {
    T v;
    std::memcpy(&v, at, sizeof v);
    return v;
}

inline uint16_t load16(const uint8_t* at) {  // network order in, host order out
    return ntohs(load<uint16_t>(at));
}

inline uint32_t load32(const uint8_t* at) {
    return ntohl(load<uint32_t>(at));
}

// The fixed IPv4 header at the network header annotation, copied into `out`; false when
// there is no annotation or its 20 bytes are not all inside the packet.
inline bool read_ip_header(const Packet* p, click_ip& out) {
    const uint8_t* at = p->network_header();
    if (!in_packet(p, at, sizeof(click_ip))) return false;
    std::memcpy(&out, at, sizeof out);
    return true;
}

inline bool is_first_fragment(const click_ip& iph) {
    return (ntohs(iph.off) & IP_OFFMASK) == 0;
}

inline bool is_fragment(const click_ip& iph) {
    return (ntohs(iph.off) & (IP_MF | IP_OFFMASK)) != 0;
}

}  // namespace clickos::ip
