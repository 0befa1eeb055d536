// IPv4, TCP, UDP and ICMP header layouts (RFC 791, 793, 768, 792) as byte offsets, with
// big-endian loads and stores and the Internet checksum (RFC 1071): what the trace
// elements need to summarize packets and to build them from summaries.
#pragma once
#include <cstddef>
#include <cstdint>

namespace clickos::traces::ipfields {

constexpr uint8_t proto_icmp = 1;
constexpr uint8_t proto_tcp = 6;
constexpr uint8_t proto_udp = 17;

// IPv4 header.
constexpr size_t ip_vhl = 0;  // version (high nibble), header length in words (low)
constexpr size_t ip_tos = 1;
constexpr size_t ip_len = 2;
constexpr size_t ip_id = 4;
constexpr size_t ip_off = 6;  // flags (3 bits) and fragment offset in 8-byte units
constexpr size_t ip_ttl = 8;
constexpr size_t ip_p = 9;
constexpr size_t ip_sum = 10;
constexpr size_t ip_src = 12;
constexpr size_t ip_dst = 16;
constexpr size_t ip_min_header = 20;
constexpr uint16_t ip_offmask = 0x1fff;
constexpr uint16_t ip_mf = 0x2000;

// TCP header.
constexpr size_t tcp_sport = 0;
constexpr size_t tcp_dport = 2;
constexpr size_t tcp_seq = 4;
constexpr size_t tcp_ack = 8;
constexpr size_t tcp_off = 12;  // data offset in words (high nibble); low bit: NS flag
constexpr size_t tcp_flags = 13;
constexpr size_t tcp_win = 14;
constexpr size_t tcp_sum = 16;
constexpr size_t tcp_urp = 18;
constexpr size_t tcp_min_header = 20;

// UDP header.
constexpr size_t udp_sport = 0;
constexpr size_t udp_dport = 2;
constexpr size_t udp_len = 4;
constexpr size_t udp_sum = 6;
constexpr size_t udp_header = 8;

// ICMP header (type, code, checksum, then four bytes that depend on the type).
constexpr size_t icmp_type = 0;
constexpr size_t icmp_code = 1;
constexpr size_t icmp_sum = 2;
constexpr size_t icmp_header = 8;

inline uint16_t load16(const uint8_t* p) {
    return uint16_t((p[0] << 8) | p[1]);
}
inline uint32_t load32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
inline void store16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}
inline void store32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

// One's complement sum of 16-bit big-endian words (an odd last byte is padded with zero),
// added to `sum`; fold and complement with checksum_finish().
inline uint32_t checksum_add(uint32_t sum, const uint8_t* p, size_t n) {
    for (; n >= 2; p += 2, n -= 2) sum += load16(p);
    if (n) sum += uint32_t(p[0]) << 8;
    return sum;
}
inline uint16_t checksum_finish(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}
inline uint16_t checksum(const uint8_t* p, size_t n) {
    return checksum_finish(checksum_add(0, p, n));
}
// TCP and UDP checksums cover a pseudo-header: addresses, protocol and segment length.
inline uint16_t transport_checksum(const uint8_t* ip, const uint8_t* segment, size_t n) {
    uint32_t sum = checksum_add(0, ip + ip_src, 8);
    sum += ip[ip_p];
    sum += uint32_t(n);
    return checksum_finish(checksum_add(sum, segment, n));
}

// A validated view of the IPv4 header (and transport header, when captured) at `ip` with
// `avail` bytes of data from there on.
struct IPView {
    const uint8_t* ip = nullptr;  // null: no valid IPv4 header
    uint32_t header_len = 0;
    uint32_t avail = 0;
    const uint8_t* transport = nullptr;  // null: fragment, or not captured
    uint32_t transport_avail = 0;

    static IPView of(const uint8_t* p, uint32_t avail) {
        IPView v;
        if (!p || avail < ip_min_header || (p[ip_vhl] >> 4) != 4) return v;
        uint32_t hl = uint32_t(p[ip_vhl] & 15) * 4;
        if (hl < ip_min_header || hl > avail) return v;
        v.ip = p;
        v.header_len = hl;
        v.avail = avail;
        if ((load16(p + ip_off) & ip_offmask) == 0 && avail > hl) {
            v.transport = p + hl;
            v.transport_avail = avail - hl;
        }
        return v;
    }
    uint8_t proto() const { return ip[ip_p]; }
    uint16_t length() const { return load16(ip + ip_len); }
    bool first_fragment() const { return (load16(ip + ip_off) & ip_offmask) == 0; }
    // The transport header has at least n captured bytes.
    bool has_transport(uint32_t n) const { return transport && transport_avail >= n; }
};

}  // namespace clickos::traces::ipfields
