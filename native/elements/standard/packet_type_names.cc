#include "packet_type_names.hh"

#include <cctype>

#include "clickos/args.hh"

namespace clickos {

namespace {
struct NamedType {
    const char* name;
    PacketType type;
};
constexpr NamedType kTypes[] = {
    {"HOST", PacketType::Host},           {"BROADCAST", PacketType::Broadcast}, {"MULTICAST", PacketType::Multicast},
    {"OTHERHOST", PacketType::OtherHost}, {"OUTGOING", PacketType::Outgoing},   {"LOOPBACK", PacketType::Loopback},
    {"FASTROUTE", PacketType::FastRoute},
};

bool same_letters(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
}
}  // namespace

bool parse_packet_type(std::string_view name, PacketType& type) {
    for (const auto& t : kTypes)
        if (same_letters(name, t.name)) {
            type = t.type;
            return true;
        }
    return false;
}

bool parse_value(std::string_view s, PacketType& type, std::string& why) {
    std::string word = unquote(s);
    size_t b = word.find_first_not_of(" \t\r\n"), e = word.find_last_not_of(" \t\r\n");
    word = b == std::string::npos ? std::string() : word.substr(b, e - b + 1);
    if (parse_packet_type(word, type)) return true;
    why = "expected packet type (HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING, LOOPBACK, FASTROUTE)";
    return false;
}

const char* packet_type_name(PacketType type) {
    for (const auto& t : kTypes)
        if (t.type == type) return t.name;
    return "UNKNOWN";
}

}  // namespace clickos
