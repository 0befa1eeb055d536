#include "ip_names.hh"

namespace clickos::ipfilter {

const std::vector<Name>& port_names() {
    static const std::vector<Name> names = {
        {"echo", 7},   {"discard", 9},     {"daytime", 13},     {"chargen", 19},      {"ftp-data", 20},
        {"ftp", 21},   {"ssh", 22},        {"telnet", 23},      {"smtp", 25},         {"domain", 53},
        {"dns", 53},   {"bootps", 67},     {"bootpc", 68},      {"tftp", 69},         {"finger", 79},
        {"www", 80},   {"http", 80},       {"pop3", 110},       {"sunrpc", 111},      {"auth", 113},
        {"nntp", 119}, {"ntp", 123},       {"netbios-ns", 137}, {"netbios-dgm", 138}, {"netbios-ssn", 139},
        {"snmp", 161}, {"snmp-trap", 162}, {"irc", 194},        {"imap3", 220},       {"https", 443},
        {"rip", 520},  {"route", 520},     {"imaps", 993},      {"pop3s", 995},
    };
    return names;
}

const std::vector<Name>& protocol_names() {
    static const std::vector<Name> names = {
        {"icmp", 1}, {"igmp", 2}, {"ipip", 4}, {"tcp", 6},    {"udp", 17},
        {"gre", 47}, {"esp", 50}, {"ah", 51},  {"sctp", 132},
    };
    return names;
}

const std::vector<Name>& icmp_type_names() {
    static const std::vector<Name> names = {
        {"echo-reply", 0},
        {"unreachable", 3},
        {"sourcequench", 4},
        {"redirect", 5},
        {"echo", 8},
        {"routeradvert", 9},
        {"routersolicit", 10},
        {"timeexceeded", 11},
        {"parameterproblem", 12},
        {"timestamp", 13},
        {"timestamp-reply", 14},
        {"inforeq", 15},
        {"inforeq-reply", 16},
        {"maskreq", 17},
        {"maskreq-reply", 18},
    };
    return names;
}

const std::vector<Name>& tcp_flag_names() {
    static const std::vector<Name> names = {
        {"fin", 0x01}, {"syn", 0x02}, {"rst", 0x04}, {"psh", 0x08},
        {"ack", 0x10}, {"urg", 0x20}, {"ece", 0x40}, {"cwr", 0x80},
    };
    return names;
}

bool lookup_name(const std::vector<Name>& table, std::string_view word, uint32_t& value) {
    for (const Name& n : table)
        if (n.name == word) {
            value = n.value;
            return true;
        }
    return false;
}

}  // namespace clickos::ipfilter
