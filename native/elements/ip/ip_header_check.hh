// The IPv4 header validation CheckIPHeader performs, shared with IPInputCombo (which stands
// for Paint, Strip, CheckIPHeader and GetIPAddress in one element).
#pragma once
#include "clickos/packet.hh"
#include "header_access.hh"
#include "ip_address_args.hh"

namespace clickos::ip {

// Why a header failed; the order of ip_header_fault_texts.
enum IPHeaderFault { TINY_PACKET, BAD_VERSION, BAD_HLEN, BAD_IP_LEN, BAD_CHECKSUM, BAD_SADDR, NFAULTS };
extern const char* const ip_header_fault_texts[NFAULTS];

struct IPHeaderCheck {
    uint32_t offset = 0;  // where the header starts in the data
    bool checksum = true;
    IPAddressList bad_src;
    IPAddressList good_dst;

    // -1 when the header is acceptable, after marking it (network and transport header
    // annotations), trimming bytes past the IP total length and setting the destination
    // address annotation; otherwise the fault, with the packet untouched.
    int apply(Packet* p) const {
        uint32_t len = p->length();
        if (offset > len || len - offset < sizeof(click_ip)) return TINY_PACKET;
        uint32_t avail = len - offset;
        const uint8_t* at = p->data() + offset;
        click_ip iph;
        std::memcpy(&iph, at, sizeof iph);
        if (iph.version() != 4) return BAD_VERSION;
        uint32_t hlen = iph.header_length();
        if (hlen < sizeof(click_ip)) return BAD_HLEN;
        uint32_t ip_len = ntohs(iph.len);
        if (ip_len > avail || ip_len < hlen) return BAD_IP_LEN;
        if (checksum && internet_checksum(at, hlen) != 0) return BAD_CHECKSUM;
        if (!bad_src.addrs.empty() && bad_src.contains(iph.src) && !good_dst.contains(iph.dst)) return BAD_SADDR;
        p->set_network_header(at, hlen);
        if (avail > ip_len) p->take(avail - ip_len);  // link-layer padding
        p->set_dst_ip_anno(iph.dst);
        return -1;
    }
};

}  // namespace clickos::ip
