#include "setipchecksum.hh"

#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

Packet* SetIPChecksum::action(Packet* p) {
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) {
        p->kill();
        return nullptr;
    }
    size_t hlen = iph.header_length();
    if (hlen < sizeof(click_ip) || !ip::in_packet(p, p->network_header(), hlen)) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* h = p->mutable_network_header();
    std::memset(h + offsetof(click_ip, sum), 0, 2);
    uint16_t sum = internet_checksum(h, hlen);
    std::memcpy(h + offsetof(click_ip, sum), &sum, 2);
    return p;
}

CLICKOS_ELEMENT(SetIPChecksum);

}  // namespace clickos
