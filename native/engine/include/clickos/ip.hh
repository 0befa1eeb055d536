// IPv4, TCP, UDP and ICMP header layouts and the Internet checksum, for elements.
// Fields are in network byte order, as on the wire; access packet bytes through these
// structs only after checking the packet is long enough.
#pragma once
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace clickos {

struct click_ether {
    uint8_t dhost[6];
    uint8_t shost[6];
    uint16_t type;
};
static_assert(sizeof(click_ether) == 14);

constexpr uint16_t ETHERTYPE_IP = 0x0800;
constexpr uint16_t ETHERTYPE_ARP = 0x0806;
constexpr uint16_t ETHERTYPE_8021Q = 0x8100;
constexpr uint16_t ETHERTYPE_IP6 = 0x86dd;

struct click_ip {
    uint8_t vhl;  // version << 4 | header length in 32-bit words
    uint8_t tos;
    uint16_t len;
    uint16_t id;
    uint16_t off;  // flags and fragment offset
    uint8_t ttl;
    uint8_t p;
    uint16_t sum;
    uint32_t src;
    uint32_t dst;

    unsigned version() const { return vhl >> 4; }
    unsigned header_length() const { return unsigned(vhl & 15) * 4; }
};
static_assert(sizeof(click_ip) == 20);

constexpr uint16_t IP_RF = 0x8000;       // reserved fragment flag
constexpr uint16_t IP_DF = 0x4000;       // don't fragment
constexpr uint16_t IP_MF = 0x2000;       // more fragments
constexpr uint16_t IP_OFFMASK = 0x1fff;  // fragment offset, in 8-byte units

constexpr uint8_t IP_PROTO_ICMP = 1;
constexpr uint8_t IP_PROTO_IGMP = 2;
constexpr uint8_t IP_PROTO_TCP = 6;
constexpr uint8_t IP_PROTO_UDP = 17;
constexpr uint8_t IP_PROTO_GRE = 47;
constexpr uint8_t IP_PROTO_ESP = 50;
constexpr uint8_t IP_PROTO_AH = 51;

struct click_udp {
    uint16_t sport;
    uint16_t dport;
    uint16_t len;
    uint16_t sum;
};
static_assert(sizeof(click_udp) == 8);

struct click_tcp {
    uint16_t sport;
    uint16_t dport;
    uint32_t seq;
    uint32_t ack;
    uint8_t off;  // data offset << 4
    uint8_t flags;
    uint16_t win;
    uint16_t sum;
    uint16_t urp;

    unsigned header_length() const { return unsigned(off >> 4) * 4; }
};
static_assert(sizeof(click_tcp) == 20);

constexpr uint8_t TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PUSH = 0x08, TH_ACK = 0x10, TH_URG = 0x20,
                  TH_ECE = 0x40, TH_CWR = 0x80;

struct click_icmp {
    uint8_t type;
    uint8_t code;
    uint16_t sum;
    uint16_t id;   // echo: identifier; errors: unused
    uint16_t seq;  // echo: sequence number
};
static_assert(sizeof(click_icmp) == 8);

constexpr uint8_t ICMP_ECHOREPLY = 0, ICMP_UNREACH = 3, ICMP_SOURCEQUENCH = 4, ICMP_REDIRECT = 5, ICMP_ECHO = 8,
                  ICMP_TIMXCEED = 11, ICMP_PARAMPROB = 12, ICMP_TSTAMP = 13, ICMP_TSTAMPREPLY = 14;

// One's complement sum of `len` bytes, folded to 16 bits but not complemented.
inline uint32_t checksum_partial(const void* data, size_t len, uint32_t sum = 0) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (len >= 2) {
        uint16_t w;
        std::memcpy(&w, p, 2);
        sum += w;
        p += 2;
        len -= 2;
    }
    if (len) {
        uint16_t w = 0;
        std::memcpy(&w, p, 1);
        sum += w;
    }
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

// The Internet checksum (RFC 1071) of `len` bytes, in network byte order.
inline uint16_t internet_checksum(const void* data, size_t len) {
    return uint16_t(~checksum_partial(data, len));
}

// The TCP/UDP pseudo-header sum for IPv4.
inline uint32_t pseudo_header_sum(uint32_t src, uint32_t dst, uint8_t proto, uint16_t length) {
    uint32_t sum = 0;
    sum += (src & 0xffff) + (src >> 16);
    sum += (dst & 0xffff) + (dst >> 16);
    sum += htons(proto);
    sum += htons(length);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

// Incremental update (RFC 1624) of a checksum when a 16-bit field changes from old to new.
inline uint16_t checksum_adjust(uint16_t sum, uint16_t old_value, uint16_t new_value) {
    uint32_t s = uint16_t(~sum) + uint32_t(uint16_t(~old_value)) + new_value;
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return uint16_t(~s);
}

}  // namespace clickos
