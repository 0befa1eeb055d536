// The names the IP filter language knows: well-known ports, IP protocols, ICMP types and
// TCP flags. One table per kind, so that the language documentation (ipclassifier.hh) and
// the parser cannot disagree about what a name means.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace clickos::ipfilter {

struct Name {
    std::string_view name;
    uint32_t value;
};

// TCP/UDP ports: echo 7, ... pop3s 995 (Click's list, plus http as a synonym of www).
const std::vector<Name>& port_names();
// IP protocols: icmp 1, igmp 2, ipip 4, tcp 6, udp 17, gre 47, esp 50, ah 51, sctp 132.
const std::vector<Name>& protocol_names();
// ICMP types: echo-reply 0, unreachable 3, ... maskreq-reply 18.
const std::vector<Name>& icmp_type_names();
// TCP flags, as bits of the flags byte: fin, syn, rst, psh, ack, urg, ece, cwr.
const std::vector<Name>& tcp_flag_names();

// The value of `word` in `table`; false if the table does not have it.
bool lookup_name(const std::vector<Name>& table, std::string_view word, uint32_t& value);

constexpr uint32_t proto_icmp = 1, proto_tcp = 6, proto_udp = 17, proto_sctp = 132;

}  // namespace clickos::ipfilter
