// The IP filter language on hand-built packets: each expectation follows from the
// documented meaning of the primitive and the bytes the packet was built with. Every
// match is computed three ways (the runner, the optimized program, the unoptimized
// program), which must agree.
#include <gtest/gtest.h>

#include "classification/match_compiler.hh"
#include "ipfilter/rule_set.hh"
#include "packets.hh"

using namespace clickos;
using namespace clickos::ipfilter;
using namespace iptest;

namespace {

// Whether `pattern` matches `bytes` (an IPv4 packet, header at offset 0).
bool matches(const std::string& pattern, const std::string& bytes) {
    std::vector<RuleError> errors;
    auto set = RuleSet::compile({{pattern, 0}}, errors);
    auto naive = RuleSet::compile({{pattern, 0}}, errors, false);
    if (!set || !naive) {
        ADD_FAILURE() << "'" << pattern << "': " << (errors.empty() ? "" : errors[0].message);
        return false;
    }
    Packet* p = make_ip_packet(bytes);
    int by_runner = set->rule_of(p);
    int by_program = set->program().match(p);
    int by_naive = naive->program().match(p);
    p->kill();
    bool m = by_runner == 0;
    EXPECT_EQ(by_program == 0, m) << pattern;
    EXPECT_EQ(by_naive == 0, m) << pattern;
    return m;
}

struct Case {
    const char* pattern;
    bool expected;
};

void check(const std::string& what, const std::string& packet, const std::vector<Case>& cases) {
    for (const Case& c : cases) EXPECT_EQ(matches(c.pattern, packet), c.expected) << what << ": " << c.pattern;
}

// TCP 10.0.0.1:1234 -> 192.168.1.7:80 with ACK.
const std::string web = tcp_packet("10.0.0.1", 1234, "192.168.1.7", 80);

}  // namespace

TEST(IPPattern, Hosts) {
    check("web", web,
          {
              {"host 10.0.0.1", true},
              {"host 192.168.1.7", true},
              {"host 10.0.0.2", false},
              {"src host 10.0.0.1", true},
              {"src host 192.168.1.7", false},
              {"dst host 192.168.1.7", true},
              {"dst host 10.0.0.1", false},
              {"src or dst host 192.168.1.7", true},
              {"dst or src host 10.0.0.1", true},
              {"src and dst host 10.0.0.1", false},
              {"10.0.0.1", true},
              {"src 10.0.0.1", true},
              {"dst 10.0.0.1", false},
              {"src host == 10.0.0.1", true},
              {"src host = 10.0.0.1", true},
              {"src host != 10.0.0.1", false},
              {"src host != 10.0.0.9", true},
              // != negates the whole: neither address may be 10.0.0.1.
              {"host != 10.0.0.1", false},
              {"host != 10.0.0.9", true},
              {"src host & 255.255.0.0 == 10.0.0.0", true},
              {"dst host & 255.255.255.0 == 192.168.2.0", false},
              // A second address repeats "dst host".
              {"dst host 10.0.0.5 or 192.168.1.7", true},
              {"dst host 10.0.0.5 or 10.0.0.1", false},
              {"dst 10.0.0.5 or 192.168.1.7", true},
          });
    check("loop", tcp_packet("10.0.0.1", 1, "10.0.0.1", 2), {{"src and dst host 10.0.0.1", true}});
}

TEST(IPPattern, Networks) {
    check("web", web,
          {
              {"net 10.0.0.0/8", true},
              {"src net 10.0.0.0/8", true},
              {"dst net 10.0.0.0/8", false},
              {"dst net 192.168.1.0/24", true},
              {"dst net 192.168.2.0/24", false},
              {"10.0.0.0/8", true},
              {"src 10.0.0.0/8", true},
              {"dst 10.0.0.0/8", false},
              {"net 10.0.0.0 mask 255.0.0.0", true},
              {"dst net 192.168.0.0 mask 255.255.0.0", true},
              {"192.168.0.0 mask 255.255.255.0", false},
              {"net 10.0.0.7/8", true},  // host bits ignored
              {"dst net 192.168.1.0/255.255.255.0", true},
              {"src net 10.0/16", true},
              {"net 172.16.0.0/12", false},
              {"net != 10.0.0.0/8", false},
              {"dst net != 10.0.0.0/8", true},
              {"src net 11.0.0.0/8 or 10.0.0.0/8", true},
              {"dst net 11.0.0.0/8 or 10.0.0.0/8", false},
              {"net 0.0.0.0/0", true},
          });
    check("172.31", tcp_packet("172.31.255.1", 1, "1.1.1.1", 2), {{"net 172.16.0.0/12", true}});
    check("172.32", tcp_packet("172.32.0.1", 1, "1.1.1.1", 2), {{"net 172.16.0.0/12", false}});
}

TEST(IPPattern, Protocols) {
    check("tcp", web,
          {
              {"tcp", true},
              {"udp", false},
              {"ip proto tcp", true},
              {"ip proto 6", true},
              {"ip proto 0x06", true},
              {"ip proto 17", false},
              {"proto tcp", true},
              {"ip proto != udp", true},
              {"ip proto != tcp", false},
              {"ip proto < 10", true},
              {"ip proto > 6", false},
              {"ip proto >= 6", true},
              {"ip proto <= 5", false},
              {"tcp or udp", true},
              {"tcp and udp", false},
          });
    check("udp", udp_packet("10.0.0.1", 5353, "8.8.8.8", 53),
          {{"udp", true}, {"tcp", false}, {"tcp or udp", true}, {"ip proto 6 or 17", true}});
    check("icmp", icmp_packet("10.0.0.1", "10.0.0.2", 8), {{"icmp", true}, {"ip proto 1", true}, {"udp", false}});
    struct {
        uint8_t proto;
        const char* name;
    } others[] = {{2, "igmp"}, {4, "ipip"}, {47, "gre"}, {50, "esp"}, {51, "ah"}, {132, "sctp"}};
    for (auto o : others) {
        IPv4 h;
        h.proto = o.proto;
        std::string pkt = ip(h, std::string(16, '\0'));
        EXPECT_TRUE(matches(o.name, pkt)) << o.name;
        EXPECT_TRUE(matches(std::string("ip proto ") + o.name, pkt)) << o.name;
        EXPECT_TRUE(matches("ip proto " + std::to_string(o.proto), pkt)) << o.name;
        EXPECT_FALSE(matches("tcp", pkt)) << o.name;
    }
}

TEST(IPPattern, Ports) {
    check("web", web,
          {
              {"port 80", true},
              {"port 1234", true},
              {"port 81", false},
              {"src port 80", false},
              {"dst port 80", true},
              {"src port 1234", true},
              {"tcp port 80", true},
              {"udp port 80", false},
              {"dst tcp port 80", true},
              {"src tcp port 80", false},
              {"port www", true},
              {"port http", true},
              {"www", true},
              {"dst port www", true},
              {"port https", false},
              {"src or dst port 80", true},
              {"src and dst port 80", false},
              {"dst port > 1023", false},
              {"src port > 1023", true},
              {"port > 1023", true},
              {"dst port < 1024", true},
              {"dst port <= 80", true},
              {"dst port < 80", false},
              {"dst port >= 80", true},
              {"dst port >= 81", false},
              {"dst port > 79", true},
              {"dst port > 65534", false},
              {"dst port < 0", false},
              {"port 1000-2000", true},
              {"dst port 1000-2000", false},
              {"dst port 80-80", true},
              {"dst port 79-81", true},
              {"dst port 81-90", false},
              {"dst port 0-79", false},
              {"dst port != 1000-2000", true},
              {"src port != 1000-2000", false},
              {"dst port 22 or 80", true},
              {"src port 22 or 80", false},
              {"dst port != 80", false},
              {"dst port != 22", true},
              {"port != 80", false},
              {"port != 22", true},
              // 1234 = 0x04d2: & 10 (binary 1010) keeps 0010.
              {"src port & 10 == 2", true},
              {"src port & 10 == 8", false},
              {"dst port & 0xff00 == 0", true},
              {"dst port & 0x50", true},
              {"dst port & 0x0f", false},
              {"dst port & 0xff00 > 0", false},
          });
    check("8080", tcp_packet("10.0.0.1", 40000, "10.0.0.2", 8080),
          {{"dst tcp port 8000 or 8080", true}, {"dst tcp port 8000 or 8081", false}, {"dst port > 1023", true}});
    check("ftp", tcp_packet("10.0.0.1", 21, "10.0.0.2", 3000),
          {{"src port ftp-data-telnet", true},
           {"src port ftp", true},
           {"src port ftp-data", false},
           {"dst port http-2000", false},
           {"dst port 80-4000", true}});
    std::string dns = udp_packet("10.0.0.1", 5353, "8.8.8.8", 53);
    check("dns", dns,
          {
              {"dst port 53", true},
              {"dst port domain", true},
              {"dst port dns", true},
              {"udp port 53", true},
              {"udp dst port 53", true},
              {"tcp port 53", false},
              {"udp port 53 or 54", true},
              // Transport comparisons only hold for their protocol, even with !=.
              {"tcp dst port != 53", false},
              {"udp dst port != 53", false},
              {"udp dst port != 54", true},
              {"src tcp port != 5", false},
              {"!(src tcp port == 5)", true},
              {"src udp port != 5", true},
          });
    // ICMP echo: type 8 and code 0 are where a source port would be (0x0800 = 2048).
    check("icmp", icmp_packet("10.0.0.1", "10.0.0.2", 8),
          {{"port 2048", false}, {"port != 2048", false}, {"!(port 2048)", true}, {"transp[0:2] == 2048", true}});
}

TEST(IPPattern, IcmpTypes) {
    std::string echo = icmp_packet("10.0.0.1", "10.0.0.2", 8), reply = icmp_packet("10.0.0.2", "10.0.0.1", 0);
    check("echo", echo,
          {
              {"icmp type echo", true},
              {"icmp type 8", true},
              {"icmp type == 8", true},
              {"icmp type echo-reply", false},
              {"icmp type != echo", false},
              {"icmp type != echo-reply", true},
              {"icmp type > 5", true},
              {"icmp type < 8", false},
              {"icmp type 0-10", true},
              {"echo-reply", false},
              {"icmp type echo-reply or echo", true},
              {"icmp && !(icmp type echo-reply)", true},
          });
    check("reply", reply, {{"icmp type echo-reply", true}, {"echo-reply", true}, {"icmp type != echo", true}});
    check("unreach", icmp_packet("10.0.0.2", "10.0.0.1", 3),
          {{"icmp type unreachable", true}, {"unreachable", true}, {"icmp type 3", true}});
    check("timxceed", icmp_packet("10.0.0.2", "10.0.0.1", 11), {{"timeexceeded", true}, {"icmp type 11", true}});
    check("tstamp", icmp_packet("10.0.0.2", "10.0.0.1", 13), {{"timestamp", true}, {"timestamp-reply", false}});
    check("mask", icmp_packet("10.0.0.2", "10.0.0.1", 18), {{"maskreq-reply", true}, {"icmp type > 17", true}});
    // Not ICMP: no ICMP type, not even with != (the TCP source port starts with 0x04).
    check("tcp", web, {{"icmp type 4", false}, {"icmp type != 4", false}, {"icmp type != 8", false}});
}

TEST(IPPattern, TcpFlags) {
    std::string syn = tcp_packet("10.0.0.1", 1234, "10.0.0.2", 80, SYN);
    std::string synack = tcp_packet("10.0.0.2", 80, "10.0.0.1", 1234, SYN | ACK);
    std::string finack = tcp_packet("10.0.0.1", 1234, "10.0.0.2", 80, FIN | ACK);
    std::string misc = tcp_packet("10.0.0.1", 1234, "10.0.0.2", 80, RST | PSH | URG | 0x40 | 0x80);
    check("syn", syn,
          {
              {"syn", true},
              {"tcp opt syn", true},
              {"ack", false},
              {"syn && !ack", true},
              {"tcp opt syn && !ack", true},
              {"syn ack", false},
              {"fin", false},
              {"tcp[13] & 2 != 0", true},
              {"tcp[13] & 2 == 0", false},
              {"tcp[13] & 2", true},
              {"tcp[13] == 2", true},
          });
    check("synack", synack,
          {{"syn ack", true}, {"syn and ack", true}, {"syn && !ack", false}, {"tcp[13] & 0x12 == 0x12", true}});
    check("finack", finack, {{"fin ack", true}, {"fin", true}, {"rst", false}, {"syn or fin", true}});
    check("misc", misc,
          {{"rst", true}, {"psh", true}, {"urg", true}, {"ece", true}, {"cwr", true}, {"ack", false}, {"syn", false}});
    std::string dns = udp_packet("10.0.0.1", 5353, "8.8.8.8", 53);
    check("udp", dns, {{"!ack", true}, {"tcp opt ack", false}, {"not syn", true}});
}

TEST(IPPattern, Fragments) {
    IPv4 h;
    std::string seg = tcp(1234, 80, SYN);
    check("whole", ip(h, seg), {{"ip unfrag", true}, {"unfrag", true}, {"ip frag", false}, {"frag", false}});
    h.frag = 0x4000;  // don't fragment: not a fragment
    check("DF", ip(h, seg), {{"unfrag", true}, {"frag", false}, {"dst port 80", true}});
    h.frag = 0x2000;  // more fragments, offset 0: the first fragment
    check("first", ip(h, seg),
          {{"frag", true}, {"unfrag", false}, {"dst port 80", true}, {"syn", true}, {"transp[2:2] == 80", true}});
    h.frag = 0x2000 | 185;  // a later fragment whose payload happens to look like the TCP header
    check("middle", ip(h, seg),
          {
              {"frag", true},
              {"tcp", true},
              {"dst port 80", false},
              {"port 1234", false},
              {"syn", false},
              {"tcp win 8192", false},
              {"transp[2:2] == 80", false},
              {"tcp[2:2] == 80", false},
              {"ip[6:2] & 0x1fff == 185", true},
              {"dst port != 80", false},
          });
    h.frag = 185;  // the last fragment
    check("last", ip(h, seg), {{"frag", true}, {"unfrag", false}, {"dst port 80", false}});
    h.frag = 0x2000 | 185;
    h.proto = 1;
    check("icmp middle", ip(h, icmp(8)), {{"icmp", true}, {"icmp type echo", false}, {"icmp[0] == 8", false}});
}

TEST(IPPattern, IpHeaderFields) {
    IPv4 h;
    h.tos = 0xb9;  // DSCP 46 (0xb8 >> 2), ECN 01 (ECT(1))
    std::string pkt = ip(h, tcp(1234, 80));
    check("tos b9", pkt,
          {
              {"ip tos 0xb9", true},     {"ip tos 185", true},     {"ip tos 184", false},
              {"ip dscp 46", true},      {"ip dscp 47", false},    {"ip dscp > 40", true},
              {"ip ect", true},          {"ip ce", false},         {"ect", true},
              {"ip tos & 3 == 1", true}, {"ip ttl 64", true},      {"ip ttl > 63", true},
              {"ip ttl < 64", false},    {"ttl 64", true},         {"ip id 0x1234", true},
              {"ip id 4660", true},      {"ip id 4661", false},    {"ip vers 4", true},
              {"ip vers 6", false},      {"ip hl 5", true},        {"ip hl > 5", false},
              {"ip len 40", true},  // 20 + 20
              {"ip len > 100", false},   {"ip len <= 40", true},   {"tcp win 8192", true},
              {"tcp win > 8192", false}, {"tcp win 0x2000", true},
          });
    h.tos = 0xbb;
    check("tos bb", ip(h, tcp(1, 2)), {{"ip ce", true}, {"ip ect", true}, {"ce", true}, {"ip dscp 46", true}});
    h.tos = 0xb8;
    check("tos b8", ip(h, tcp(1, 2)), {{"ip ce", false}, {"ip ect", false}, {"not ip ect", true}});
    h.tos = 0;
    h.version = 6;
    check("v6", ip(h, tcp(1, 2)), {{"ip vers 6", true}, {"ip vers 4", false}, {"ip vers >= 5", true}});
    h.version = 4;
    h.ttl = 1;
    check("ttl 1", ip(h, udp(1, 2)), {{"ip ttl 1", true}, {"ip ttl <= 1", true}, {"ip ttl > 1", false}});
    check("big", ip(IPv4(), tcp(1, 2) + std::string(200, 'x')), {{"ip len > 100", true}, {"ip len 240", true}});
    check("udp", udp_packet("1.1.1.1", 1, "2.2.2.2", 2), {{"tcp win 8192", false}, {"tcp win != 8192", false}});
}

TEST(IPPattern, ByteTests) {
    check("web", web,
          {
              {"ip[9] == 6", true},
              {"ip[9] 6", true},
              {"ip[9:1] == 6", true},
              {"ip[9] != 6", false},
              {"ip[9] 6 or 17", true},
              {"ip[12:4] == 0x0a000001", true},
              {"ip[16:4] == 0xc0a80107", true},
              {"ip[16:4] > 0xc0a80100", true},
              {"ip[16:4] > 0xc0a80107", false},
              {"ip[0] & 0xf0 == 0x40", true},
              {"ip[0]&0x0f==5", true},
              {"ip[2:2] == 40", true},
              {"ip[8] > 32", true},
              {"ip[11:2] == 0x0a00", false},  // byte 11 is the checksum's low byte
              {"ip[15:2] == 0x01c0", true},   // spans two words: .1 of the source, 192. of the destination
              {"ip[13:3] == 0x000001", true},
              {"transp[2:2] == 80", true},
              {"tcp[2:2] == 80", true},
              {"udp[2:2] == 80", false},
              {"transp[0:4] == 0x04d20050", true},
              {"transp[1:2] == 0xd200", true},
              {"transp[3:2] == 0x5000", true},  // spans two words
              {"tcp[0:2] > 1023", true},
              {"tcp[0:2] 1000-2000", true},
              {"tcp[12] & 0xf0 == 0x50", true},
          });
    check("echo", icmp_packet("10.0.0.1", "10.0.0.2", 8),
          {{"icmp[0] == 8", true}, {"icmp[0] == 0", false}, {"icmp[0:2] == 0x0800", true}, {"tcp[0] == 8", false}});
}

TEST(IPPattern, ConnectivesAndPrecedence) {
    std::string tcp80 = web, tcp53 = tcp_packet("10.0.0.1", 1234, "192.168.1.7", 53);
    std::string udp53 = udp_packet("10.0.0.1", 1234, "192.168.1.7", 53);
    std::string udp80 = udp_packet("10.0.0.1", 1234, "192.168.1.7", 80);
    std::string echo = icmp_packet("10.0.0.1", "192.168.1.7", 8);
    // "and" binds tighter than "or": tcp or (udp and dst port 53).
    EXPECT_TRUE(matches("tcp or udp and dst port 53", tcp80));
    EXPECT_FALSE(matches("(tcp or udp) and dst port 53", tcp80));
    EXPECT_TRUE(matches("tcp || udp && dst port 53", tcp80));
    EXPECT_FALSE(matches("udp and dst port 53 or icmp", tcp80));
    // "not" binds tighter than "and": (not tcp) and udp.
    EXPECT_FALSE(matches("not tcp and udp", tcp80));
    EXPECT_TRUE(matches("not (tcp and udp)", tcp80));
    EXPECT_TRUE(matches("not tcp and udp", udp53));
    EXPECT_TRUE(matches("!tcp || dst port 80", tcp80));
    EXPECT_FALSE(matches("!tcp || dst port 80", tcp53));
    EXPECT_TRUE(matches("not tcp or tcp", echo));
    EXPECT_TRUE(matches("not not tcp", tcp80));
    EXPECT_TRUE(matches("!!!udp", tcp80));
    EXPECT_TRUE(matches("tcp && dst port 80 || udp && dst port 53", udp53));
    EXPECT_FALSE(matches("tcp && dst port 80 || udp && dst port 53", tcp53));
    EXPECT_TRUE(matches("tcp and not (dst port 80 or dst port 443)", tcp53));
    EXPECT_FALSE(matches("tcp and not (dst port 80 or dst port 443)", tcp80));
    // Juxtaposition means "and".
    EXPECT_TRUE(matches("tcp dst port 80", tcp80));
    EXPECT_FALSE(matches("udp dst port 80", tcp80));
    EXPECT_TRUE(matches("tcp src net 10.0.0.0/8 dst port 80", tcp80));
    // C ? A : B.
    const char* t = "tcp ? dst port 80 : dst port 53";
    EXPECT_TRUE(matches(t, tcp80));
    EXPECT_FALSE(matches(t, tcp53));
    EXPECT_TRUE(matches(t, udp53));
    EXPECT_FALSE(matches(t, udp80));
    EXPECT_FALSE(matches(t, echo));
    const char* nested = "tcp ? syn : udp ? dst port 53 : icmp";  // ?: groups to the right
    EXPECT_TRUE(matches(nested, echo));
    EXPECT_TRUE(matches(nested, udp53));
    EXPECT_FALSE(matches(nested, udp80));
    EXPECT_FALSE(matches(nested, tcp80));  // ACK, not SYN
    EXPECT_TRUE(matches("(tcp ? dst port 80 : udp) and src host 10.0.0.1", udp80));
    // Constants.
    for (const char* all : {"-", "any", "all", "true", "not false", "true or false", "  -  "})
        EXPECT_TRUE(matches(all, echo)) << all;
    for (const char* none : {"false", "not true", "true and false", "not all"})
        EXPECT_FALSE(matches(none, echo)) << none;
}

TEST(IPPattern, ShortcutsAndRepetition) {
    std::string syn = tcp_packet("10.0.0.1", 1234, "10.0.0.2", 22, SYN);
    EXPECT_TRUE(matches("ssh", syn));
    EXPECT_TRUE(matches("dst ssh", syn));
    EXPECT_FALSE(matches("src ssh", syn));
    EXPECT_TRUE(matches("src port 80 or 1234", syn));
    EXPECT_FALSE(matches("dst port 80 or 1234", syn));     // 1234 repeats "dst port"
    EXPECT_TRUE(matches("dst port 80 or src 1234", syn));  // a new direction, the same directive
    EXPECT_TRUE(matches("dst port > 1000 or < 30", syn));  // the operator is not repeated
    EXPECT_FALSE(matches("dst port > 1000 or 30", syn));
    EXPECT_TRUE(matches("dst port 80 or www or ssh", syn));  // names repeat it too
    EXPECT_FALSE(matches("src port 80 or www or ssh", syn));
    EXPECT_TRUE(matches("udp port 22 or tcp port 22", syn));
    // "echo" is a port and an ICMP type; the previous primitive decides.
    std::string echo = icmp_packet("10.0.0.1", "10.0.0.2", 8);
    EXPECT_TRUE(matches("icmp type echo-reply or echo", echo));
    EXPECT_FALSE(matches("port 9 or echo", echo));
    EXPECT_TRUE(matches("port 9 or echo", udp_packet("1.1.1.1", 7, "2.2.2.2", 2)));
    EXPECT_TRUE(matches("ip ttl 1 or 64", echo));
    EXPECT_TRUE(matches("ip tos 0 or 1", echo));
}

TEST(IPPattern, HeaderOptionsShiftTheTransportHeader) {
    IPv4 h;
    h.options = std::string("\x01\x01\x01\x00", 4);  // NOP NOP NOP EOL: header length 24
    std::string pkt = ip(h, tcp(1234, 80, SYN));
    check("hl 6", pkt,
          {
              {"ip hl 6", true},
              {"dst port 80", true},
              {"src port 1234", true},
              {"syn", true},
              {"tcp[13] & 2 != 0", true},
              {"transp[2:2] == 80", true},
              {"ip[20] == 1", true},
              {"ip[23] == 0", true},
              {"tcp win 8192", true},
          });
    IPv4 rr;
    rr.proto = 17;
    // Record route with room for two addresses: 11 bytes, plus an EOL: header length 32.
    rr.options = std::string("\x07\x0b\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00", 12);
    check("record route", ip(rr, udp(5353, 53)),
          {{"ip hl 8", true}, {"udp dst port 53", true}, {"src port 5353", true}, {"udp[2:2] == 53", true}});
}

TEST(IPPattern, ShortPackets) {
    std::string full = tcp_packet("10.0.0.1", 1234, "192.168.1.7", 80, SYN);
    // The IP header and two bytes of TCP: the source port is there, nothing else.
    std::string two = full.substr(0, 22);
    check("2 TCP bytes", two,
          {
              {"tcp", true},
              {"src port 1234", true},
              {"dst port 80", false},
              {"dst port != 80", true},  // the == test fails on the missing bytes
              {"syn", false},
              {"not syn", true},
              {"tcp[1] == 0xd2", true},
              {"tcp[2] == 0", false},
          });
    check("no transport", full.substr(0, 20), {{"tcp", true}, {"port 1234", false}, {"dst host 192.168.1.7", true}});
    // A truncated IP header: bytes 0-11 only.
    check("12 bytes", full.substr(0, 12),
          {{"tcp", true}, {"src host 10.0.0.1", false}, {"dst host 192.168.1.7", false}, {"ip ttl 64", true}});
    check("1 byte", full.substr(0, 1), {{"ip vers 4", true}, {"ip tos 0", false}, {"-", true}});
}
