// Finding a packet's IPv4 header safely: where it starts, how long it is, and whether the
// bytes are really there, so elements never read past the data of a short packet. Headers
// may sit at any alignment (after a 14-byte Ethernet header, or anywhere in a malformed
// packet), so fields are copied in and out with memcpy rather than read through pointers.
#pragma once
#include <cstdint>
#include <cstring>

#include "clickos/ip.hh"
#include "clickos/packet.hh"

namespace clickos {

struct IPHeaderRef {
    uint32_t offset = 0;  // from the packet's data start
    uint32_t hlen = 0;    // header length with options, in bytes
    uint32_t avail = 0;   // bytes from the header's start to the end of the data
    click_ip h{};         // a copy of the fixed 20-byte header
    const uint8_t* bytes(const Packet* p) const { return p->data() + offset; }
    uint8_t* bytes(Packet* p) const { return p->mutable_data() + offset; }
};

// The IPv4 header at the network header annotation, or at the data start when the
// annotation is unset. False unless it lies inside the data, has version 4 and a header
// length of at least 20 bytes that fits in the data.
inline bool locate_ip_header(const Packet* p, IPHeaderRef& r) {
    int64_t off = p->has_network_header() ? int64_t(p->network_header() - p->data()) : 0;
    if (off < 0 || off + int64_t(sizeof(click_ip)) > int64_t(p->length())) return false;
    r.offset = uint32_t(off);
    std::memcpy(&r.h, p->data() + off, sizeof(click_ip));
    r.hlen = r.h.header_length();
    r.avail = p->length() - r.offset;
    return r.h.version() == 4 && r.hlen >= sizeof(click_ip) && r.hlen <= r.avail;
}

// The datagram's length from the total-length field, or 0 if that field is smaller than the
// header or larger than the bytes present.
inline uint32_t ip_datagram_length(const IPHeaderRef& r) {
    uint32_t len = ntohs(r.h.len);
    return len >= r.hlen && len <= r.avail ? len : 0;
}

// 16- and 32-bit fields in network byte order at any alignment.
inline uint16_t load_be16(const uint8_t* p) {
    return uint16_t(p[0] << 8 | p[1]);
}
inline uint32_t load_be32(const uint8_t* p) {
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline void store_be16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}
inline void store_be32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

}  // namespace clickos
