// Hand-built ICMP packets for the NAT helper tests: echo requests and replies, and ICMP errors
// quoting another packet. Every checksum is computed here from scratch (RFC 792), independently
// of the incremental updates the elements make.
#pragma once
#include <string>

#include "nat_packets.hh"

namespace nat_test {

// An IPv4 header (20 bytes) with protocol `proto` and `payload`, checksum computed.
inline std::string ip_header_for(const std::string& src, const std::string& dst, uint8_t proto,
                                 const std::string& payload, uint16_t id = 0x4321) {
    std::string p(20, '\0');
    p[0] = 0x45;
    put16(p, 2, uint32_t(20 + payload.size()));
    put16(p, 4, id);
    p[8] = 64;
    p[9] = char(proto);
    put32(p, 12, addr(src));
    put32(p, 16, addr(dst));
    put16(p, 10, full_checksum(p));
    return p + payload;
}

// An ICMP message: type, code, the 4 bytes after the checksum, then data; checksum computed.
inline std::string icmp_message(uint8_t type, uint8_t code, uint32_t rest, const std::string& data) {
    std::string m(8, '\0');
    m[0] = char(type);
    m[1] = char(code);
    put32(m, 4, rest);
    m += data;
    put16(m, 2, full_checksum(m));
    return m;
}

inline std::string echo(const std::string& src, const std::string& dst, uint16_t ident, bool request, uint16_t seq = 1,
                        const std::string& data = "pingdata") {
    return ip_header_for(src, dst, 1, icmp_message(request ? 8 : 0, 0, uint32_t(ident) << 16 | seq, data));
}

// An ICMP error from `from` to `to` quoting the IP header and first 8 bytes after it of `about`.
inline std::string icmp_error(const std::string& from, const std::string& to, uint8_t type, uint8_t code,
                              const std::string& about, size_t quote = 28) {
    return ip_header_for(from, to, 1, icmp_message(type, code, 0, about.substr(0, quote)));
}

}  // namespace nat_test
