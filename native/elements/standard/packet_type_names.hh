// Click's names of the packet type annotation values (HOST, BROADCAST, ...), shared by the
// elements that take or print a packet type.
#pragma once
#include <string>
#include <string_view>

#include "clickos/packet.hh"

namespace clickos {

// Case-insensitive; false if `name` is not a packet type.
bool parse_packet_type(std::string_view name, PacketType& type);
const char* packet_type_name(PacketType type);
// For Args: reads a packet type name (found by argument-dependent lookup).
bool parse_value(std::string_view s, PacketType& type, std::string& why);

}  // namespace clickos
