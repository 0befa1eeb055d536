#include "vlan/ethervlanencap.hh"

#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int EtherVLANEncap::configure(Args& args) {
    VlanTagArgs v;
    args.read_mp("ETHERTYPE", ethertype_).read_mp("SRC", src_).read_mp("DST", dst_);
    if (v.declare(args).complete() < 0) return -1;
    return v.finish(args, tag_);
}

void EtherVLANEncap::add_handlers() {
    add_vlan_tag_handlers(this, tag_);
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
    add_read_handler("dst", [this](Element*) { return dst_.str() + "\n"; });
    add_write_handler("dst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        EtherAddress a;
        if (!parse_value(v, a, why)) return errh->error("dst: " + why);
        dst_ = a;
        return 0;
    });
}

CLICKOS_ELEMENT(EtherVLANEncap);

}  // namespace clickos
