#include "vlan/setvlananno.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int SetVLANAnno::configure(Args& args) {
    uint16_t tci = 0;
    VlanIdArg id;
    VlanPcpArg pcp;
    if (args.read_p("VLAN_TCI", tci).read_p("VLAN_PCP", pcp).read("VLAN_ID", id).complete() < 0) return -1;
    if (args.given("VLAN_TCI") == args.given("VLAN_ID")) return args.error("give exactly one of VLAN_TCI and VLAN_ID");
    tci_ = args.given("VLAN_TCI") ? tci : id.id;
    if (args.given("VLAN_PCP")) tci_ = uint16_t((tci_ & 0x1fff) | (pcp.pcp << 13));
    return 0;
}

void SetVLANAnno::add_handlers() {
    add_read_handler("vlan_tci", [this](Element*) { return std::to_string(tci_) + "\n"; });
    add_write_handler("vlan_tci", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        uint16_t t;
        if (!parse_value(v, t, why)) return errh->error("vlan_tci: " + why);
        tci_ = t;
        return 0;
    });
    add_read_handler("vlan_id", [this](Element*) { return std::to_string(tci_ & 0xfff) + "\n"; });
    add_write_handler("vlan_id", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        VlanIdArg a;
        if (!parse_value(v, a, why)) return errh->error("vlan_id: " + why);
        tci_ = uint16_t((tci_ & 0xf000) | a.id);
        return 0;
    });
    add_read_handler("vlan_pcp", [this](Element*) { return std::to_string(tci_ >> 13) + "\n"; });
    add_write_handler("vlan_pcp", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        VlanPcpArg a;
        if (!parse_value(v, a, why)) return errh->error("vlan_pcp: " + why);
        tci_ = uint16_t((tci_ & 0x1fff) | (a.pcp << 13));
        return 0;
    });
}

CLICKOS_ELEMENT(SetVLANAnno);

}  // namespace clickos
