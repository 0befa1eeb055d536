#include "vlan/vlanencap.hh"

#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int VLANEncap::configure(Args& args) {
    VlanTagArgs v;
    if (v.declare(args).read("ETHERTYPE", ethertype_).complete() < 0) return -1;
    return v.finish(args, tag_);
}

void VLANEncap::add_handlers() {
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
}

CLICKOS_ELEMENT(VLANEncap);

}  // namespace clickos
