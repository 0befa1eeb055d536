// Hand-built IPv4/UDP/TCP packets for the rewriter tests. Checksums are computed here from
// scratch over the whole header and pseudo-header (RFC 791, 768, 793), independently of the
// incremental updates the elements make.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/element.hh"
#include "clickos/packet.hh"

namespace nat_test {

struct Flow4 {
    std::string saddr;
    uint16_t sport;
    std::string daddr;
    uint16_t dport;
    Flow4 reversed() const { return {daddr, dport, saddr, sport}; }
};

inline uint32_t addr(const std::string& dotted) {
    clickos::IPAddress a;
    clickos::IPAddress::parse(dotted, a);
    const auto* b = reinterpret_cast<const uint8_t*>(&a.addr);
    return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];  // host order
}

inline void put16(std::string& s, size_t at, uint32_t v) {
    s[at] = char(v >> 8);
    s[at + 1] = char(v);
}
inline void put32(std::string& s, size_t at, uint32_t v) {
    put16(s, at, v >> 16);
    put16(s, at + 2, v & 0xffff);
}
inline uint32_t get16(const std::string& s, size_t at) {
    return uint32_t(uint8_t(s[at])) << 8 | uint8_t(s[at + 1]);
}

// Big-endian 16-bit words summed with end-around carry, complemented.
inline uint16_t full_checksum(const std::string& bytes) {
    uint32_t sum = 0;
    for (size_t i = 0; i < bytes.size(); i += 2) {
        uint32_t w = uint32_t(uint8_t(bytes[i])) << 8;
        if (i + 1 < bytes.size()) w |= uint8_t(bytes[i + 1]);
        sum += w;
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

struct Options {
    uint8_t proto = 17;  // 17 UDP, 6 TCP
    std::string payload = "hello";
    uint8_t tcp_flags = 0x10;  // ACK
    bool udp_checksum = true;  // false: send 0 ("no checksum")
    uint16_t frag = 0;         // flags and fragment offset field
    uint16_t ip_id = 0x1234;
};

// An IPv4 packet (20-byte header) carrying UDP or TCP (20-byte header) for flow f.
inline std::string ip_packet(const Flow4& f, const Options& o = {}) {
    const bool tcp = o.proto == 6;
    const size_t l4len = (tcp ? 20 : 8) + o.payload.size();
    std::string p(20 + l4len, '\0');
    p[0] = 0x45;
    put16(p, 2, uint32_t(p.size()));
    put16(p, 4, o.ip_id);
    put16(p, 6, o.frag);
    p[8] = 64;
    p[9] = char(o.proto);
    put32(p, 12, addr(f.saddr));
    put32(p, 16, addr(f.daddr));
    put16(p, 10, full_checksum(p.substr(0, 20)));
    put16(p, 20, f.sport);
    put16(p, 22, f.dport);
    if (tcp) {
        put32(p, 24, 1000);  // seq
        put32(p, 28, 2000);  // ack
        p[32] = 0x50;        // 20-byte header
        p[33] = char(o.tcp_flags);
        put16(p, 34, 8192);
    } else {
        put16(p, 24, uint32_t(l4len));
    }
    p.replace(20 + (tcp ? 20 : 8), o.payload.size(), o.payload);
    // Pseudo-header: source, destination, zero, protocol, TCP/UDP length.
    std::string pseudo(12, '\0');
    put32(pseudo, 0, addr(f.saddr));
    put32(pseudo, 4, addr(f.daddr));
    pseudo[9] = char(o.proto);
    put16(pseudo, 10, uint32_t(l4len));
    uint16_t sum = full_checksum(pseudo + p.substr(20));
    if (!tcp && sum == 0) sum = 0xffff;  // RFC 768: a computed 0 is sent as all ones
    if (tcp || o.udp_checksum) put16(p, 20 + (tcp ? 16 : 6), sum);
    return p;
}

inline std::string udp(const Flow4& f, const std::string& payload = "hello") {
    Options o;
    o.payload = payload;
    return ip_packet(f, o);
}
inline std::string tcp(const Flow4& f, uint8_t flags, const std::string& payload = "") {
    Options o;
    o.proto = 6;
    o.tcp_flags = flags;
    o.payload = payload;
    return ip_packet(f, o);
}

// A packet with its network header annotation set (as CheckIPHeader leaves it).
inline clickos::Packet* annotated(const std::string& bytes) {
    clickos::Packet* p = clickos::Packet::make(bytes.data(), uint32_t(bytes.size()));
    if (p && bytes.size() >= 20) p->set_network_header(p->data(), uint32_t(uint8_t(bytes[0]) & 15) * 4);
    return p;
}

}  // namespace nat_test

namespace nat_test {

// The column (1-based) where `needle` starts in a one-line configuration.
inline std::string col(const std::string& config, const std::string& needle) {
    return std::to_string(config.find(needle) + 1);
}

// Sends packets with their network header annotation set, as one batch.
inline void send_batch(clickos::Element* in, const std::vector<std::string>& packets) {
    clickos::PacketBatch b;
    for (const auto& s : packets) b.append(annotated(s));
    in->output(0).push_batch(b);
}

// The source port of an IPv4 packet with a 20-byte header (host order).
inline uint16_t sport_of(const std::string& p) {
    return uint16_t(get16(p, 20));
}

}  // namespace nat_test
