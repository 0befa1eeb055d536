#include "icmp/icmppingresponder.hh"

#include "clickos/element_class.hh"
#include "clickos/timestamp.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {
// Replaces the 16-bit word at `at` and adjusts the checksum at `sum_at` to match.
void rewrite_word(uint8_t* at, uint16_t new_word, uint8_t* sum_at) {
    uint16_t old_word, sum;
    std::memcpy(&old_word, at, 2);
    std::memcpy(&sum, sum_at, 2);
    std::memcpy(at, &new_word, 2);
    sum = checksum_adjust(sum, old_word, new_word);
    std::memcpy(sum_at, &sum, 2);
}
}  // namespace

bool ICMPPingResponder::process(Packet*& p) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r) || r.h.p != IP_PROTO_ICMP || (ntohs(r.h.off) & (IP_MF | IP_OFFMASK))) return false;
    uint32_t dlen = ntohs(r.h.len);
    if (dlen > r.avail || dlen < r.hlen + sizeof(click_icmp)) return false;
    if (r.bytes(p)[r.hlen] != ICMP_ECHO) return false;
    if (!(p = p->uniqueify())) return true;
    uint8_t* ip = r.bytes(p);
    // Swapping the addresses leaves the header sum as it was.
    std::memcpy(ip + 12, &r.h.dst, 4);
    std::memcpy(ip + 16, &r.h.src, 4);
    rewrite_word(ip + 6, 0, ip + 10);
    uint16_t ttl_proto = htons(uint16_t(255 << 8 | IP_PROTO_ICMP));
    rewrite_word(ip + 8, ttl_proto, ip + 10);
    uint8_t* icmp = ip + r.hlen;
    uint16_t type_code = htons(uint16_t(ICMP_ECHOREPLY << 8 | 0));
    rewrite_word(icmp, type_code, icmp + 2);
    p->set_dst_ip_anno(r.h.src);
    p->set_paint_anno(0);
    p->set_timestamp_anno(Timestamp::now());
    return true;
}

CLICKOS_ELEMENT(ICMPPingResponder);

}  // namespace clickos
