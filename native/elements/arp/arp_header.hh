// The ARP packet of RFC 826 in its Ethernet/IPv4 form, and the Ethernet frames that carry
// it. Fields are in network byte order as on the wire; packets are copied in and out with
// memcpy, so a header at any alignment is fine.
#pragma once
#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

#include "clickos/ip.hh"
#include "clickos/packet.hh"

namespace clickos {

struct ArpHeader {
    uint16_t hrd;    // hardware address space: 1 for Ethernet
    uint16_t pro;    // protocol address space: 0x0800 for IPv4
    uint8_t hln;     // hardware address length: 6
    uint8_t pln;     // protocol address length: 4
    uint16_t op;     // 1 request, 2 reply
    uint8_t sha[6];  // sender hardware address
    uint8_t spa[4];  // sender protocol address
    uint8_t tha[6];  // target hardware address
    uint8_t tpa[4];  // target protocol address

    uint32_t sender_ip() const {
        uint32_t a;
        std::memcpy(&a, spa, 4);
        return a;
    }
    uint32_t target_ip() const {
        uint32_t a;
        std::memcpy(&a, tpa, 4);
        return a;
    }
};
static_assert(sizeof(ArpHeader) == 28);

constexpr uint16_t ARP_HRD_ETHERNET = 1;
constexpr uint16_t ARP_OP_REQUEST = 1;
constexpr uint16_t ARP_OP_REPLY = 2;
constexpr uint32_t ARP_FRAME_LENGTH = 14 + 28;

// The ARP header of an Ethernet frame carrying an Ethernet/IPv4 ARP packet, copied into
// `out`; false if the packet is too short or is something else.
inline bool read_ether_arp(const Packet* p, ArpHeader& out) {
    if (p->length() < ARP_FRAME_LENGTH) return false;
    const uint8_t* d = p->data();
    if (d[12] != (ETHERTYPE_ARP >> 8) || d[13] != (ETHERTYPE_ARP & 0xff)) return false;
    std::memcpy(&out, d + 14, sizeof out);
    return ntohs(out.hrd) == ARP_HRD_ETHERNET && ntohs(out.pro) == ETHERTYPE_IP && out.hln == 6 && out.pln == 4;
}

// Writes a 42-byte Ethernet frame holding an ARP packet at d.
inline void write_ether_arp(uint8_t* d, const uint8_t eth_dst[6], const uint8_t eth_src[6], uint16_t op,
                            const uint8_t sha[6], uint32_t spa, const uint8_t tha[6], uint32_t tpa) {
    std::memcpy(d, eth_dst, 6);
    std::memcpy(d + 6, eth_src, 6);
    d[12] = ETHERTYPE_ARP >> 8;
    d[13] = ETHERTYPE_ARP & 0xff;
    ArpHeader a;
    a.hrd = htons(ARP_HRD_ETHERNET);
    a.pro = htons(ETHERTYPE_IP);
    a.hln = 6;
    a.pln = 4;
    a.op = htons(op);
    std::memcpy(a.sha, sha, 6);
    std::memcpy(a.spa, &spa, 4);
    std::memcpy(a.tha, tha, 6);
    std::memcpy(a.tpa, &tpa, 4);
    std::memcpy(d + 14, &a, sizeof a);
}

}  // namespace clickos
