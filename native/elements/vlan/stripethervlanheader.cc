#include "vlan/stripethervlanheader.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int StripEtherVLANHeader::configure(Args& args) {
    NativeVlanArg n;
    n.id = 0;
    if (args.read_p("NATIVE_VLAN", n).complete() < 0) return -1;
    native_ = n.id;
    return 0;
}

void StripEtherVLANHeader::add_handlers() {
    add_read_handler("native_vlan", [this](Element*) { return std::to_string(native_) + "\n"; });
    add_write_handler("native_vlan", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        NativeVlanArg n;
        if (!parse_value(v, n, why)) return errh->error("native_vlan: " + why);
        native_ = n.id;
        return 0;
    });
}

CLICKOS_ELEMENT(StripEtherVLANHeader);

}  // namespace clickos
