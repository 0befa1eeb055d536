// Test-side helpers for IP packets, written independently of the elements: hex building
// blocks and a plain RFC 1071 checksum (sum of big-endian 16-bit words, carries folded,
// complemented), so expected bytes never come from the code under test.
#pragma once
#include <cstdint>
#include <string>

namespace iptest {

inline std::string be16(unsigned v) {
    return std::string{char((v >> 8) & 0xff), char(v & 0xff)};
}

inline std::string be32(unsigned long v) {
    return be16(unsigned(v >> 16) & 0xffff) + be16(unsigned(v) & 0xffff);
}

// The Internet checksum of `s` (odd lengths padded with a zero byte), as a number.
inline unsigned rfc1071(const std::string& s) {
    unsigned long sum = 0;
    for (size_t i = 0; i < s.size(); i += 2) {
        unsigned hi = static_cast<unsigned char>(s[i]);
        unsigned lo = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        sum += hi * 256 + lo;
    }
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    return unsigned(~sum & 0xffff);
}

// `s` with the 16-bit field at `at` set to the checksum of s[from, from + len) (the field
// is zeroed first).
inline std::string fill_checksum(std::string s, size_t at, size_t from, size_t len) {
    s[at] = s[at + 1] = 0;
    std::string sum = be16(rfc1071(s.substr(from, len)));
    s[at] = sum[0];
    s[at + 1] = sum[1];
    return s;
}

// `pkt` with the IPv4 header checksum at `ip` filled in (header length from the IHL).
inline std::string fill_ip_checksum(const std::string& pkt, size_t ip = 0) {
    size_t hl = size_t(static_cast<unsigned char>(pkt[ip]) & 15) * 4;
    return fill_checksum(pkt, ip + 10, ip, hl);
}

// A 20-byte IPv4 header, checksum filled in.
inline std::string ipv4_header(unsigned tos, unsigned total_len, unsigned id, unsigned frag, unsigned ttl,
                               unsigned proto, const std::string& src4, const std::string& dst4) {
    std::string h = std::string{0x45, char(tos)} + be16(total_len) + be16(id) + be16(frag) +
                    std::string{char(ttl), char(proto)} + be16(0) + src4 + dst4;
    return fill_ip_checksum(h);
}

// Four address bytes.
inline std::string addr(unsigned a, unsigned b, unsigned c, unsigned d) {
    return std::string{char(a), char(b), char(c), char(d)};
}

}  // namespace iptest
