// Test-side packet builders, written independently of the elements: fields are assembled
// big-endian byte by byte and checksums computed with the textbook RFC 1071 loop over
// big-endian 16-bit words (the elements sum native-order words through clickos/ip.hh).
// ip_packets_test.cc anchors these helpers on published examples.
#pragma once
#include <cstdint>
#include <string>

#include "testing.hh"

namespace iptest {

inline std::string be16(unsigned v) {
    return std::string{char(v >> 8 & 0xff), char(v & 0xff)};
}

inline std::string be32(uint32_t v) {
    return be16(v >> 16) + be16(v & 0xffff);
}

// "a.b.c.d" -> 4 bytes.
inline std::string addr(const std::string& dotted) {
    std::string out;
    unsigned part = 0;
    for (char c : dotted) {
        if (c == '.') {
            out += char(part);
            part = 0;
        } else
            part = part * 10 + unsigned(c - '0');
    }
    out += char(part);
    return out;
}

inline unsigned sum16(const std::string& bytes, unsigned sum = 0) {
    for (size_t i = 0; i < bytes.size(); i += 2) {
        unsigned hi = uint8_t(bytes[i]);
        unsigned lo = i + 1 < bytes.size() ? uint8_t(bytes[i + 1]) : 0;
        sum += hi * 256 + lo;
    }
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

inline unsigned cksum(const std::string& bytes, unsigned initial = 0) {
    return ~sum16(bytes, initial) & 0xffff;
}

// Pseudo-header (src, dst, zero, protocol, length) for TCP and UDP checksums.
inline std::string pseudo(const std::string& src, const std::string& dst, unsigned proto, unsigned len) {
    return addr(src) + addr(dst) + std::string(1, '\0') + char(proto) + be16(len);
}

struct IP {
    unsigned tos = 0, id = 0, off = 0, ttl = 64, proto = 0;
    std::string src = "10.0.0.1", dst = "10.0.0.2";
    std::string options;  // a multiple of 4 bytes
    int length = -1;      // total length field; -1 means header + payload
    int sum = -1;         // checksum field; -1 means computed
};

inline std::string ip_header(const IP& f, size_t payload_len) {
    unsigned hlen = unsigned(20 + f.options.size());
    unsigned total = f.length >= 0 ? unsigned(f.length) : unsigned(hlen + payload_len);
    std::string h = std::string(1, char(0x40 | hlen / 4)) + char(f.tos) + be16(total) + be16(f.id) + be16(f.off) +
                    char(f.ttl) + char(f.proto) + be16(0) + addr(f.src) + addr(f.dst) + f.options;
    unsigned sum = f.sum >= 0 ? unsigned(f.sum) : cksum(h);
    h[10] = char(sum >> 8);
    h[11] = char(sum & 0xff);
    return h;
}

inline std::string ip_packet(const IP& f, const std::string& payload) {
    return ip_header(f, payload.size()) + payload;
}

inline std::string tcp_segment(const IP& f, unsigned sport, unsigned dport, uint32_t seq, uint32_t ack, unsigned flags,
                               unsigned win, const std::string& data = "", const std::string& options = "") {
    unsigned hlen = unsigned(20 + options.size());
    std::string t = be16(sport) + be16(dport) + be32(seq) + be32(ack) + char(hlen / 4 << 4) + char(flags) + be16(win) +
                    be16(0) + be16(0) + options + data;
    unsigned sum = cksum(pseudo(f.src, f.dst, 6, unsigned(t.size())) + t);
    t[16] = char(sum >> 8);
    t[17] = char(sum & 0xff);
    return t;
}

inline std::string udp_datagram(const IP& f, unsigned sport, unsigned dport, const std::string& data,
                                bool with_checksum = true) {
    std::string u = be16(sport) + be16(dport) + be16(unsigned(8 + data.size())) + be16(0) + data;
    if (with_checksum) {
        unsigned sum = cksum(pseudo(f.src, f.dst, 17, unsigned(u.size())) + u);
        if (sum == 0) sum = 0xffff;  // RFC 768: a computed 0 is sent as all ones
        u[6] = char(sum >> 8);
        u[7] = char(sum & 0xff);
    }
    return u;
}

// ICMP: type, code, checksum, then `rest` (identifier/sequence, pointer, MTU...) and data.
inline std::string icmp_message(unsigned type, unsigned code, const std::string& rest4, const std::string& data) {
    std::string m = std::string(1, char(type)) + char(code) + be16(0) + rest4 + data;
    unsigned sum = cksum(m);
    m[2] = char(sum >> 8);
    m[3] = char(sum & 0xff);
    return m;
}

inline IP proto(unsigned p) {
    IP f;
    f.proto = p;
    return f;
}

inline std::string tcp_packet(const std::string& data = "") {
    IP f = proto(6);
    return ip_packet(f, tcp_segment(f, 1234, 80, 1000, 0, 0x02, 8192, data));
}

inline std::string udp_packet(const std::string& data = "hello") {
    IP f = proto(17);
    return ip_packet(f, udp_datagram(f, 5000, 53, data));
}

inline std::string icmp_echo_packet() {
    IP f = proto(1);
    return ip_packet(f, icmp_message(8, 0, be16(0x1234) + be16(1), "pingdata"));
}

}  // namespace iptest
