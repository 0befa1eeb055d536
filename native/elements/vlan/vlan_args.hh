// Argument types and header layout shared by the 802.1Q elements: a TCI (or ANNO: take it
// from the VLAN_TCI annotation), a VLAN ID, a priority code point, a native VLAN. Each type
// checks its own range, so Args reports a bad value at the argument's location.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "clickos/packet.hh"

namespace clickos {

class Args;

struct VlanTciArg {  // 0 to 0xFFFF, or ANNO
    uint16_t tci = 0;
    bool use_anno = false;
};
struct VlanIdArg {  // 0 to 0xFFF
    uint16_t id = 0;
};
struct VlanPcpArg {  // 0 to 7
    uint8_t pcp = 0;
};
struct NativeVlanArg {  // -1 (none) to 0xFFF
    int32_t id = 0;
};
bool parse_value(std::string_view s, VlanTciArg& v, std::string& why);
bool parse_value(std::string_view s, VlanIdArg& v, std::string& why);
bool parse_value(std::string_view s, VlanPcpArg& v, std::string& why);
bool parse_value(std::string_view s, NativeVlanArg& v, std::string& why);

// The TCI an element puts on packets: fixed, or the packet's annotation.
struct VlanTag {
    uint16_t tci = 0;  // host order
    bool use_anno = false;
    int32_t native = 0;  // packets whose VLAN ID is this get no tag; -1 for none
    uint16_t tci_for(const Packet* p) const {
        if (!use_anno) return tci;
        return uint16_t(p->anno()[anno::vlan_tci] << 8 | p->anno()[anno::vlan_tci + 1]);
    }
    bool is_native(uint16_t t) const { return native >= 0 && (t & 0xfff) == uint16_t(native); }
    std::string tci_str() const;  // "ANNO" or the number
};

// Declares VLAN_TCI (positional, from `positional_tci`), VLAN_PCP (positional after it),
// VLAN_ID and NATIVE_VLAN on `args`; after args.complete(), finish_vlan_tag() checks that
// exactly one of VLAN_TCI and VLAN_ID was given and builds the tag.
struct VlanTagArgs {
    VlanTciArg tci;
    VlanIdArg id;
    VlanPcpArg pcp;
    NativeVlanArg native;
    Args& declare(Args& args);
    int finish(Args& args, VlanTag& out) const;
};

inline void set_vlan_tci_anno(Packet* p, uint16_t tci) {
    p->anno()[anno::vlan_tci] = uint8_t(tci >> 8);
    p->anno()[anno::vlan_tci + 1] = uint8_t(tci);
}
inline uint16_t vlan_tci_anno(const Packet* p) {
    return uint16_t(p->anno()[anno::vlan_tci] << 8 | p->anno()[anno::vlan_tci + 1]);
}
inline uint16_t load_be16_at(const uint8_t* p) {
    return uint16_t(p[0] << 8 | p[1]);
}
inline void store_be16_at(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

// Read and write handlers for a VlanTag: vlan_tci, vlan_id, vlan_pcp, native_vlan.
class Element;
void add_vlan_tag_handlers(Element* e, VlanTag& tag);

}  // namespace clickos
