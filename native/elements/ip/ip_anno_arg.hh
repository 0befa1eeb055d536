// ANNO arguments that name a 4-byte address annotation (GetIPAddress, SetIPAddress).
#pragma once
#include <string>
#include <string_view>

#include "clickos/args.hh"
#include "clickos/packet.hh"

namespace clickos {

struct IPAddressAnno {
    size_t offset = anno::dst_ip;
};

inline bool parse_value(std::string_view s, IPAddressAnno& v, std::string& why) {
    AnnoOffset a;
    if (!parse_value(s, a, why)) return false;
    if (a.offset + 4 > anno::size) {
        why = "annotation at " + std::to_string(a.offset) + " has no room for 4 bytes";
        return false;
    }
    v.offset = a.offset;
    return true;
}

}  // namespace clickos
