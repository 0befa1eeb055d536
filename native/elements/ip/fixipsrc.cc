#include "fixipsrc.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

int FixIPSrc::configure(Args& args) {
    IPAddress a;
    if (args.read_mp("IPADDR", a).complete() < 0) return -1;
    addr_ = a.addr;
    return 0;
}

Packet* FixIPSrc::fix(Packet* p) {
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return p;
    uint32_t hlen = iph.header_length();
    if (hlen < sizeof(click_ip) || !ip::in_packet(p, p->network_header(), hlen)) return p;
    if (!(p = p->uniqueify())) return nullptr;
    p->anno()[anno::fix_ip_src] = 0;
    uint8_t* h = p->mutable_network_header();
    std::memcpy(h + offsetof(click_ip, src), &addr_, 4);
    std::memset(h + offsetof(click_ip, sum), 0, 2);
    uint16_t sum = internet_checksum(h, hlen);
    std::memcpy(h + offsetof(click_ip, sum), &sum, 2);
    return p;
}

CLICKOS_ELEMENT(FixIPSrc);

}  // namespace clickos
