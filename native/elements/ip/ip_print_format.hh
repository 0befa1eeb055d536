// IPPrint's text: one tcpdump-like line per IP packet, built into a caller's string so the
// element can reuse one buffer for every packet.
#pragma once
#include <cstdint>
#include <string>

#include "clickos/packet.hh"

namespace clickos::ip {

struct IPPrintOptions {
    enum class Contents { None, Hex, Ascii };
    std::string label;
    Contents contents = Contents::None;
    bool payload_only = false;  // contents of the payload after the TCP/UDP header only
    int32_t max_length = 1500;  // bytes of contents; negative means all
    bool id = false, ttl = false, tos = false, length = false;
    bool timestamp = true, aggregate = false, paint = false;
    bool swap = false;  // print ICMP echo id and sequence byte-swapped
};

// Appends the line for p (without a newline) to out. p must have a network header
// annotation; any header may be cut short.
void format_ip_packet(const Packet* p, const IPPrintOptions& o, std::string& out);

}  // namespace clickos::ip
