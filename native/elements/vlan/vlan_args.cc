#include "vlan/vlan_args.hh"

#include "clickos/args.hh"
#include "clickos/element.hh"

namespace clickos {

namespace {
std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
}  // namespace

bool parse_value(std::string_view s, VlanTciArg& v, std::string& why) {
    if (trimmed(s) == "ANNO") {
        v.use_anno = true;
        return true;
    }
    uint16_t t;
    if (!parse_value(s, t, why)) {
        why = "expected VLAN TCI (0 to 0xFFFF) or ANNO";
        return false;
    }
    v.tci = t;
    v.use_anno = false;
    return true;
}

bool parse_value(std::string_view s, VlanIdArg& v, std::string& why) {
    uint16_t t;
    if (!parse_value(s, t, why) || t > 0xfff) {
        why = "expected VLAN ID (0 to 0xFFF)";
        return false;
    }
    v.id = t;
    return true;
}

bool parse_value(std::string_view s, VlanPcpArg& v, std::string& why) {
    uint8_t t;
    if (!parse_value(s, t, why) || t > 7) {
        why = "expected VLAN priority code point (0 to 7)";
        return false;
    }
    v.pcp = t;
    return true;
}

bool parse_value(std::string_view s, NativeVlanArg& v, std::string& why) {
    int32_t t;
    if (!parse_value(s, t, why) || t < -1 || t > 0xfff) {
        why = "expected native VLAN ID (-1 for none, or 0 to 0xFFF)";
        return false;
    }
    v.id = t;
    return true;
}

std::string VlanTag::tci_str() const {
    return use_anno ? "ANNO" : std::to_string(tci);
}

Args& VlanTagArgs::declare(Args& args) {
    return args.read_p("VLAN_TCI", tci).read_p("VLAN_PCP", pcp).read("VLAN_ID", id).read("NATIVE_VLAN", native);
}

int VlanTagArgs::finish(Args& args, VlanTag& out) const {
    bool has_tci = args.given("VLAN_TCI"), has_id = args.given("VLAN_ID");
    if (has_tci == has_id) return args.error("give exactly one of VLAN_TCI and VLAN_ID");
    out.use_anno = has_tci && tci.use_anno;
    out.tci = has_tci ? tci.tci : id.id;
    if (args.given("VLAN_PCP")) out.tci = uint16_t((out.tci & 0x1fff) | (pcp.pcp << 13));
    out.native = native.id;
    return 0;
}

void add_vlan_tag_handlers(Element* e, VlanTag& tag) {
    auto write = [](auto apply) {
        return [apply](const std::string& v, Element*, ErrorHandler* errh) { return apply(v, errh); };
    };
    e->add_read_handler("vlan_tci", [&tag](Element*) { return tag.tci_str() + "\n"; });
    e->add_write_handler("vlan_tci", write([&tag](const std::string& v, ErrorHandler* errh) {
                             VlanTciArg a;
                             std::string why;
                             if (!parse_value(v, a, why)) return errh->error("vlan_tci: " + why);
                             tag.tci = a.tci;
                             tag.use_anno = a.use_anno;
                             return 0;
                         }));
    e->add_read_handler("vlan_id", [&tag](Element*) { return std::to_string(tag.tci & 0xfff) + "\n"; });
    e->add_write_handler("vlan_id", write([&tag](const std::string& v, ErrorHandler* errh) {
                             VlanIdArg a;
                             std::string why;
                             if (!parse_value(v, a, why)) return errh->error("vlan_id: " + why);
                             tag.tci = uint16_t((tag.tci & 0xf000) | a.id);
                             return 0;
                         }));
    e->add_read_handler("vlan_pcp", [&tag](Element*) { return std::to_string(tag.tci >> 13) + "\n"; });
    e->add_write_handler("vlan_pcp", write([&tag](const std::string& v, ErrorHandler* errh) {
                             VlanPcpArg a;
                             std::string why;
                             if (!parse_value(v, a, why)) return errh->error("vlan_pcp: " + why);
                             tag.tci = uint16_t((tag.tci & 0x1fff) | (a.pcp << 13));
                             return 0;
                         }));
    e->add_read_handler("native_vlan", [&tag](Element*) { return std::to_string(tag.native) + "\n"; });
    e->add_write_handler("native_vlan", write([&tag](const std::string& v, ErrorHandler* errh) {
                             NativeVlanArg a;
                             std::string why;
                             if (!parse_value(v, a, why)) return errh->error("native_vlan: " + why);
                             tag.native = a.id;
                             return 0;
                         }));
}

}  // namespace clickos
