// Hand-built IPv4 packets for the IP filter tests: every field is written explicitly so
// that expected matches can be worked out from the bytes.
#pragma once
#include <cstdint>
#include <string>

#include "clickos/packet.hh"

namespace iptest {

inline std::string be16(uint16_t v) {
    return std::string{char(v >> 8), char(v & 0xff)};
}

// "a.b.c.d" as 4 bytes.
inline std::string addr(const std::string& dotted) {
    std::string out;
    unsigned part = 0;
    for (char c : dotted + ".") {
        if (c == '.') {
            out += char(part);
            part = 0;
        } else {
            part = part * 10 + unsigned(c - '0');
        }
    }
    return out;
}

struct IPv4 {
    uint8_t version = 4;
    uint8_t tos = 0;
    uint16_t id = 0x1234;
    uint16_t frag = 0;  // the flags and fragment offset field, as on the wire
    uint8_t ttl = 64;
    uint8_t proto = 6;
    std::string src = "10.0.0.1";
    std::string dst = "192.168.1.7";
    std::string options;  // a multiple of 4 bytes
};

// An IPv4 header (header length from the options, total length, checksum) and payload.
inline std::string ip(const IPv4& h, const std::string& payload) {
    size_t hl = 20 + h.options.size();
    std::string s;
    s += char((h.version << 4) | (hl / 4));
    s += char(h.tos);
    s += be16(uint16_t(hl + payload.size()));
    s += be16(h.id);
    s += be16(h.frag);
    s += char(h.ttl);
    s += char(h.proto);
    s += be16(0);
    s += addr(h.src);
    s += addr(h.dst);
    s += h.options;
    uint32_t sum = 0;
    for (size_t i = 0; i < hl; i += 2) sum += (uint8_t(s[i]) << 8) | uint8_t(s[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    s[10] = char(~sum >> 8);
    s[11] = char(~sum & 0xff);
    return s + payload;
}

// A 20-byte TCP header: ports, sequence 1, ack 0, data offset 5, flags, window.
inline std::string tcp(uint16_t sport, uint16_t dport, uint8_t flags = 0x10, uint16_t win = 8192) {
    return be16(sport) + be16(dport) + std::string("\0\0\0\1\0\0\0\0", 8) + char(0x50) + char(flags) + be16(win) +
           be16(0) + be16(0);
}

inline std::string udp(uint16_t sport, uint16_t dport, const std::string& payload = "abcd") {
    return be16(sport) + be16(dport) + be16(uint16_t(8 + payload.size())) + be16(0) + payload;
}

inline std::string icmp(uint8_t type, uint8_t code = 0) {
    return std::string{char(type), char(code)} + std::string("\0\0\0\1\0\1", 6);
}

constexpr uint8_t FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

// Packets with the usual defaults.
inline std::string tcp_packet(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport,
                              uint8_t flags = ACK) {
    IPv4 h;
    h.src = src, h.dst = dst, h.proto = 6;
    return ip(h, tcp(sport, dport, flags));
}
inline std::string udp_packet(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport) {
    IPv4 h;
    h.src = src, h.dst = dst, h.proto = 17;
    return ip(h, udp(sport, dport));
}
inline std::string icmp_packet(const std::string& src, const std::string& dst, uint8_t type) {
    IPv4 h;
    h.src = src, h.dst = dst, h.proto = 1;
    return ip(h, icmp(type));
}

// A packet holding `bytes` with its network header at the start (length from IHL, as
// CheckIPHeader sets it) and the transport header after it.
inline clickos::Packet* make_ip_packet(const std::string& bytes) {
    clickos::Packet* p = clickos::Packet::make(bytes.data(), uint32_t(bytes.size()));
    uint32_t hl = bytes.empty() ? 20 : uint32_t(uint8_t(bytes[0]) & 15) * 4;
    p->set_network_header(p->data(), hl);
    return p;
}

}  // namespace iptest
