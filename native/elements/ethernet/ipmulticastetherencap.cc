#include "ipmulticastetherencap.hh"

#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int IPMulticastEtherEncap::configure(Args& args) {
    return args.read_mp("ETHERTYPE", ethertype_).read_mp("SRC", src_).complete();
}

Packet* IPMulticastEtherEncap::action(Packet* p) {
    IPHeaderRef r;
    uint32_t dst = locate_ip_header(p, r) ? ntohl(r.h.dst) : 0;
    if ((dst >> 28) != 0xe) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if (!(p = p->push(14))) return nullptr;
    uint8_t* h = p->mutable_data();
    const uint8_t group[6] = {0x01, 0x00, 0x5e, uint8_t((dst >> 16) & 0x7f), uint8_t(dst >> 8), uint8_t(dst)};
    std::memcpy(h, group, 6);
    std::memcpy(h + 6, src_.bytes, 6);
    store_be16(h + 12, ethertype_);
    p->set_mac_header(h);
    return p;
}

void IPMulticastEtherEncap::add_handlers() {
    add_read_handler("ethertype", [this](Element*) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%04x\n", ethertype_);
        return std::string(buf);
    });
    add_write_handler("ethertype", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, ethertype_, why)) return errh->error("ethertype: " + why);
        return 0;
    });
    add_read_handler("src", [this](Element*) { return src_.str() + "\n"; });
    add_write_handler("src", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        EtherAddress a;
        if (!parse_value(v, a, why)) return errh->error("src: " + why);
        src_ = a;
        return 0;
    });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(IPMulticastEtherEncap);

}  // namespace clickos
