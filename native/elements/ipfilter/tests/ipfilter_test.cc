// IPFilter: actions (allow = output 0, deny/drop = drop, N = output N), first matching rule
// wins, no match drops; the 10-rule firewall of shared/bench/firewall.click with a packet
// for each rule; the config handler.
#include "ipfilter/ipfilter.hh"

#include <gtest/gtest.h>

#include "element_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

const char* firewall_rules =
    "deny src host 1.2.3.4,\n"
    "deny dst host 5.6.7.8,\n"
    "deny tcp dst port 22,\n"
    "deny udp dst port 53,\n"
    "deny src net 172.16.0.0/12,\n"
    "allow tcp dst port 80,\n"
    "allow tcp dst port 443,\n"
    "deny icmp type echo,\n"
    "deny dst net 10.9.0.0/16,\n"
    "allow udp && dst net 192.168.1.0/24";

// The rule a packet matches first, found through the element's rule set.
int rule_of(const Built& b, const std::string& bytes) {
    Packet* p = make_ip_packet(bytes);
    int r = b.get<IPFilter>("x")->rules().rule_of(p);
    p->kill();
    return r;
}

}  // namespace

TEST(IPFilter, FirewallRulesEachHit) {
    auto b = build(wire(std::string("IPFilter(") + firewall_rules + ")", 1));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.errors, "");
    // One packet per rule, each also matching a later rule where possible, so that only
    // first-match order explains the result.
    std::vector<std::string> pkts = {
        udp_packet("1.2.3.4", 1000, "192.168.1.7", 9),      // 0 (else 9)
        tcp_packet("10.0.0.1", 1000, "5.6.7.8", 80),        // 1 (else 5)
        tcp_packet("10.0.0.1", 1001, "192.168.1.7", 22),    // 2
        udp_packet("10.0.0.1", 1002, "192.168.1.7", 53),    // 3 (else 9)
        tcp_packet("172.20.1.1", 1003, "8.8.8.8", 80),      // 4 (else 5)
        tcp_packet("10.0.0.1", 1004, "8.8.8.8", 80),        // 5
        tcp_packet("10.0.0.1", 1005, "8.8.8.8", 443),       // 6
        icmp_packet("10.0.0.1", "192.168.1.7", 8),          // 7
        udp_packet("10.0.0.1", 1006, "10.9.3.4", 1000),     // 8
        udp_packet("10.0.0.1", 1007, "192.168.1.7", 1000),  // 9
        tcp_packet("10.0.0.1", 1008, "8.8.8.8", 25),        // none
        icmp_packet("10.0.0.1", "8.8.8.8", 0),              // none
        udp_packet("10.0.0.1", 1009, "192.168.2.7", 53),    // 3: port 53 from anywhere
        tcp_packet("10.0.0.1", 1010, "192.168.1.7", 8080),  // none: rule 9 is UDP only
    };
    std::vector<int> expected_rules = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, 3, -1};
    for (size_t i = 0; i < pkts.size(); ++i) EXPECT_EQ(rule_of(b, pkts[i]), expected_rules[i]) << i;
    // allow: rules 5, 6, 9; everything else is dropped.
    send_batch_ip(b, pkts);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{pkts[5], pkts[6], pkts[9]}));
    // The same one packet at a time and as a batch.
    EXPECT_EQ(classify(std::string("IPFilter(") + firewall_rules + ")", 1, pkts),
              (std::vector<int>{-1, -1, -1, -1, -1, 0, 0, -1, -1, 0, -1, -1, -1, -1}));
}

TEST(IPFilter, ActionsAndOutputs) {
    std::string f = "IPFilter(0 tcp dst port 80, 2 icmp, drop udp port 53, 1 udp, allow tcp, deny all)";
    std::vector<std::string> pkts = {
        tcp_packet("1.1.1.1", 1, "2.2.2.2", 80),  // 0
        icmp_packet("1.1.1.1", "2.2.2.2", 8),     // 2
        udp_packet("1.1.1.1", 53, "2.2.2.2", 9),  // dropped
        udp_packet("1.1.1.1", 54, "2.2.2.2", 9),  // 1
        tcp_packet("1.1.1.1", 1, "2.2.2.2", 81),  // 0 (allow)
    };
    IPv4 gre;
    gre.proto = 47;
    pkts.push_back(ip(gre, "gre!"));  // deny all
    EXPECT_EQ(classify(f, 3, pkts), (std::vector<int>{0, 2, -1, 1, 0, -1}));
}

TEST(IPFilter, DenyDropsEvenWithTwoOutputs) {
    // Older Click sent "deny" to output 1 when there was one; current Click drops.
    std::vector<std::string> pkts = {tcp_packet("1.1.1.1", 1, "2.2.2.2", 80), udp_packet("1.1.1.1", 1, "2.2.2.2", 80),
                                     icmp_packet("1.1.1.1", "2.2.2.2", 0)};
    EXPECT_EQ(classify("IPFilter(allow tcp, deny udp, 1 icmp)", 2, pkts), (std::vector<int>{0, -1, 1}));
}

TEST(IPFilter, ClickFirewallExample) {
    // Rules of the "Interior router" example of Click's documentation, with addresses for
    // its names: INTERNALNET 10.1.0.0/16, BASTION 10.2.0.1, INTERNAL_SMTP 10.1.0.25,
    // INTERNAL_DNS 10.1.0.53.
    std::string f =
        "IPFilter(deny src 10.1.0.0/16,"
        " allow src 10.2.0.1 && dst 10.1.0.0/16 && tcp && src port www && dst port > 1023 && ack,"
        " allow dst 10.1.0.0/16 && tcp && src port 23 && dst port > 1023 && ack,"
        " allow dst 10.1.0.0/16 && tcp && src port 22 && ack,"
        " allow dst 10.1.0.0/16 && tcp && dst port 22,"
        " allow src 10.2.0.1 && dst 10.1.0.25 && tcp && src port > 1023 && dst port 25,"
        " allow src 10.2.0.1 && dst 10.1.0.53 && udp && src port 53 && dst port 53,"
        " allow src 10.2.0.1 && dst 10.1.0.53 && tcp && src port > 1023 && dst port 53,"
        " deny all)";
    std::vector<std::string> pkts = {
        tcp_packet("10.1.2.3", 80, "10.1.0.9", 2000, ACK),   // spoofed internal source: deny
        tcp_packet("10.2.0.1", 80, "10.1.0.9", 2000, ACK),   // HTTP reply from the bastion
        tcp_packet("10.2.0.1", 80, "10.1.0.9", 2000, SYN),   // not ACK: falls to deny all
        tcp_packet("9.9.9.9", 80, "10.1.0.9", 2000, ACK),    // not the bastion: deny
        tcp_packet("9.9.9.9", 23, "10.1.0.9", 1500, ACK),    // telnet reply
        tcp_packet("9.9.9.9", 23, "10.1.0.9", 1000, ACK),    // to a port below 1024: deny
        tcp_packet("9.9.9.9", 22, "10.1.0.9", 40000, ACK),   // SSH reply
        tcp_packet("9.9.9.9", 40000, "10.1.0.9", 22, SYN),   // SSH in
        tcp_packet("10.2.0.1", 3000, "10.1.0.25", 25, SYN),  // SMTP from the bastion
        tcp_packet("10.2.0.1", 1023, "10.1.0.25", 25, SYN),  // source port 1023: deny
        udp_packet("10.2.0.1", 53, "10.1.0.53", 53),         // DNS
        udp_packet("10.2.0.1", 53, "10.1.0.54", 53),         // another host: deny
        tcp_packet("10.2.0.1", 5000, "10.1.0.53", 53, SYN),  // DNS over TCP
    };
    EXPECT_EQ(classify(f, 1, pkts), (std::vector<int>{-1, 0, -1, -1, 0, -1, 0, 0, 0, -1, 0, -1, 0}));
}

TEST(IPFilter, ConfigHandler) {
    auto b = build(wire("IPFilter(allow tcp, deny all)", 1));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("x.config"), "allow tcp, deny all\n");
    std::string t = tcp_packet("1.1.1.1", 1, "2.2.2.2", 80), u = udp_packet("1.1.1.1", 1, "2.2.2.2", 53);
    auto* in = b.get<TestInject>("in");
    auto* out = b.get<TestCollect>("o0");
    in->send_ip(t);
    in->send_ip(u);
    EXPECT_EQ(out->data(), std::vector<std::string>{t});

    EXPECT_EQ(b.write("x.config", "allow udp dst port domain,\n deny all"), "");
    EXPECT_EQ(b.read("x.config"), "allow udp dst port domain,\n deny all\n");
    in->send_ip(t);
    in->send_ip(u);
    EXPECT_EQ(out->data(), (std::vector<std::string>{t, u}));

    // A bad rule: reported with its place in the written text; the old rules stay.
    std::string program = b.read("x.program");
    EXPECT_EQ(b.write("x.config", "allow tcp, deny frob"), "x.config:1:17: rule 1: unknown word 'frob'");
    EXPECT_EQ(b.write("x.config", "allow tcp,\ndeny udp port 99999"),
              "x.config:2:15: rule 1: '99999' is out of range for udp port (0-65535)");
    EXPECT_EQ(b.write("x.config", "3 tcp"), "x.config:1:1: rule 0: output 3 out of range (the element has 1 output)");
    EXPECT_EQ(b.write("x.config", "allow tcp, bogus udp, deny ip ttl 999"),
              "x.config:1:12: rule 1: unknown action 'bogus' (allow, deny, drop or an output number)\n"
              "x.config:1:35: rule 2: '999' is out of range for ip ttl (0-255)");
    EXPECT_EQ(b.read("x.config"), "allow udp dst port domain,\n deny all\n");
    EXPECT_EQ(b.read("x.program"), program);
    in->send_ip(t);
    in->send_ip(u);
    EXPECT_EQ(out->data(), (std::vector<std::string>{t, u, u}));
    EXPECT_EQ(b.write("x.program", "x"), "handler 'x.program' is not writable");
    // An empty rule list drops everything.
    EXPECT_EQ(b.write("x.config", ""), "");
    EXPECT_EQ(b.read("x.program"), "all packets -> drop\n");
    in->send_ip(u);
    EXPECT_EQ(out->packets.size(), 3u);
}

TEST(IPFilter, ProgramHandlerShowsTables) {
    // Four rules on one word: one table lookup of four values.
    auto b =
        build(wire("IPFilter(allow dst host 10.0.0.1, allow dst host 10.0.0.2, drop dst host 10.0.0.3, "
                   "allow dst host 10.0.0.4)",
                   1));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("x.program"),
              "step 0: net+16/0a000001%ffffffff  yes->[0]  no->step 1\n"
              "step 1: net+16/0a000002%ffffffff  yes->[1]  no->step 2\n"
              "step 2: net+16/0a000003%ffffffff  yes->[2]  no->step 3\n"
              "step 3: net+16/0a000004%ffffffff  yes->[3]  no->drop\n"
              "step 0: 4 tests of this word run as one table lookup\n");
    std::vector<std::string> pkts;
    for (int i = 0; i <= 5; ++i) pkts.push_back(udp_packet("9.9.9.9", 1, "10.0.0." + std::to_string(i), 2));
    EXPECT_EQ(classify("IPFilter(allow dst host 10.0.0.1, allow dst host 10.0.0.2, drop dst host 10.0.0.3, "
                       "allow dst host 10.0.0.4)",
                       1, pkts),
              (std::vector<int>{-1, 0, 0, -1, 0, -1}));
}

TEST(IPFilter, PerRuleCountsAsJson) {
    auto b = build(wire("IPFilter(deny src host 1.2.3.4, allow tcp dst port 80, 0 udp, drop all)", 1));
    ASSERT_TRUE(b.router) << b.errors;
    std::string t = tcp_packet("10.0.0.1", 1, "2.2.2.2", 80);  // rule 1
    std::string u = udp_packet("1.2.3.4", 1, "2.2.2.2", 53);   // rule 0 (else 2)
    std::string v = udp_packet("10.0.0.1", 1, "2.2.2.2", 53);  // rule 2
    std::string i = icmp_packet("10.0.0.1", "2.2.2.2", 8);     // rule 3
    send_batch_ip(b, {t, u, v, v, i});
    b.get<TestInject>("in")->send_ip(t);  // one packet on the per-packet path
    auto len = [](const std::string& s) { return std::to_string(s.size()); };
    std::string expected =
        std::string("{\"rules\":[") +                                                                                //
        "{\"rule\":0,\"text\":\"deny src host 1.2.3.4\",\"output\":null,\"packets\":1,\"bytes\":" + len(u) + "}," +  //
        "{\"rule\":1,\"text\":\"allow tcp dst port 80\",\"output\":0,\"packets\":2,\"bytes\":" +
        std::to_string(2 * t.size()) + "}," +  //
        "{\"rule\":2,\"text\":\"0 udp\",\"output\":0,\"packets\":2,\"bytes\":" + std::to_string(2 * v.size()) +
        "}," +  //
        "{\"rule\":3,\"text\":\"drop all\",\"output\":null,\"packets\":1,\"bytes\":" + len(i) + "}]," +
        "\"unmatched\":{\"packets\":0,\"bytes\":0}}\n";
    EXPECT_EQ(b.read("x.counts"), expected);
    EXPECT_EQ(b.write("x.reset_counts", ""), "");
    EXPECT_NE(b.read("x.counts").find("\"rule\":1,\"text\":\"allow tcp dst port 80\",\"output\":0,\"packets\":0"),
              std::string::npos);
}

TEST(IPFilter, CountsFollowTheRuleSetInForce) {
    auto b = build(wire("IPFilter(allow tcp)", 1));
    ASSERT_TRUE(b.router) << b.errors;
    std::string t = tcp_packet("10.0.0.1", 1, "2.2.2.2", 80), u = udp_packet("10.0.0.1", 1, "2.2.2.2", 53);
    send_batch_ip(b, {t, u});
    EXPECT_EQ(b.read("x.counts"),
              "{\"rules\":[{\"rule\":0,\"text\":\"allow tcp\",\"output\":0,\"packets\":1,\"bytes\":" +
                  std::to_string(t.size()) + "}],\"unmatched\":{\"packets\":1,\"bytes\":" + std::to_string(u.size()) +
                  "}}\n");
    // A refused rule set leaves the counters of the set in force; an accepted one starts at zero.
    EXPECT_NE(b.write("x.config", "allow udp, deny frob"), "");
    EXPECT_NE(b.read("x.counts").find("\"packets\":1"), std::string::npos);
    EXPECT_EQ(b.write("x.config", "deny tcp,\n allow udp"), "");
    send_batch_ip(b, {u});
    EXPECT_EQ(b.read("x.counts"),
              "{\"rules\":[{\"rule\":0,\"text\":\"deny tcp\",\"output\":null,\"packets\":0,\"bytes\":0},"
              "{\"rule\":1,\"text\":\"allow udp\",\"output\":0,\"packets\":1,\"bytes\":" +
                  std::to_string(u.size()) + "}],\"unmatched\":{\"packets\":0,\"bytes\":0}}\n");
}
