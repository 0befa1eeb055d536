// Annotations the IP elements use beyond those packet.hh names.
#pragma once
#include <cstddef>

#include "clickos/packet.hh"

namespace clickos::ip {

// ICMP Parameter Problem pointer (1 byte): the offset, from the start of the IP header, of
// the byte IPGWOptions found wrong; ICMPError copies it into its message. Byte 13 is
// unused in packet.hh's layout (right after FIX_IP_SRC).
constexpr size_t icmp_paramprob_anno = 13;
static_assert(icmp_paramprob_anno > anno::fix_ip_src && icmp_paramprob_anno < anno::fwd_rate);

}  // namespace clickos::ip
