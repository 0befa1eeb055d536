// RoundRobinIPMapper: new flows of a rewriter input naming the mapper take its patterns in
// turn; expected packets are built by hand (nat_packets.hh computes the checksums).
#include "nat/roundrobinipmapper.hh"

#include <gtest/gtest.h>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

TEST(RoundRobinIPMapper, NewFlowsTakeThePatternsInTurn) {
    auto b = build(
        "rr :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);"
        "in :: TestInject -> rw :: IPRewriter(rr); rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    for (int i = 1; i <= 3; ++i) in->send_ip(tcp({"192.0.2." + std::to_string(i), 40000, "203.0.113.5", 80}, 0x02));
    in->send_ip(tcp({"192.0.2.1", 40000, "203.0.113.5", 80}, 0x10));  // known flow: same server
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 4u);
    EXPECT_EQ(hex(fwd[0]), hex(tcp({"192.0.2.1", 40000, "10.0.0.1", 80}, 0x02)));
    EXPECT_EQ(hex(fwd[1]), hex(tcp({"192.0.2.2", 40000, "10.0.0.2", 80}, 0x02)));
    EXPECT_EQ(hex(fwd[2]), hex(tcp({"192.0.2.3", 40000, "10.0.0.1", 80}, 0x02)));
    EXPECT_EQ(hex(fwd[3]), hex(tcp({"192.0.2.1", 40000, "10.0.0.1", 80}, 0x10)));
    in->send_ip(tcp({"10.0.0.2", 80, "192.0.2.2", 40000}, 0x12));
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(rev[0]), hex(tcp({"203.0.113.5", 80, "192.0.2.2", 40000}, 0x12)));
    EXPECT_EQ(b.read("rw.patterns"), "<mapper rr> [3]\n");
}

TEST(RoundRobinIPMapper, FullPatternsAreSkippedThenTheFlowFails) {
    auto b = build(
        "IPRewriterPatterns(B 203.0.113.2 7000-7001# - -);"
        "rr :: RoundRobinIPMapper(203.0.113.1 7000-7001# - - 0 0, B 0 0);"
        "in :: TestInject -> rw :: UDPRewriter(rr) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    for (int i = 1; i <= 5; ++i) in->send_ip(udp({"10.0.0." + std::to_string(i), 5000, "8.8.8.8", 53}));
    in->send_ip(udp({"10.0.0.6", 5000, "9.9.9.9", 53}));
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(hex(out[0]), hex(udp({"203.0.113.1", 7000, "8.8.8.8", 53})));
    EXPECT_EQ(hex(out[1]), hex(udp({"203.0.113.2", 7000, "8.8.8.8", 53})));
    EXPECT_EQ(hex(out[2]), hex(udp({"203.0.113.1", 7001, "8.8.8.8", 53})));
    EXPECT_EQ(hex(out[3]), hex(udp({"203.0.113.2", 7001, "8.8.8.8", 53})));
    // The fifth flow to 8.8.8.8 finds every port of both patterns taken; the sixth goes
    // elsewhere and gets the next pattern in turn (A: the failure tried A then B).
    EXPECT_EQ(hex(out[4]), hex(udp({"203.0.113.1", 7000, "9.9.9.9", 53})));
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");
}

TEST(RoundRobinIPMapper, AddressPatternsForIPAddrRewriter) {
    auto b = build(
        "rr :: RoundRobinIPMapper(198.51.100.1 - 0 0, 198.51.100.2 - 0 0);"
        "in :: TestInject -> rw :: IPAddrRewriter(rr) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(echo("10.0.0.1", "8.8.8.8", 1, true));
    in->send_ip(echo("10.0.0.2", "8.8.8.8", 1, true));
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(hex(out[0]), hex(echo("198.51.100.1", "8.8.8.8", 1, true)));
    EXPECT_EQ(hex(out[1]), hex(echo("198.51.100.2", "8.8.8.8", 1, true)));
}

TEST(RoundRobinIPMapper, BadArguments) {
    std::string c = "rr :: RoundRobinIPMapper();";
    EXPECT_EQ(errors_of(c), "test.click:1:1: rr :: RoundRobinIPMapper: expected at least one pattern\n");
    c = "rr :: RoundRobinIPMapper(1.0.0.1 - - - 0 1, 1.0.0.2 - 0 1);";
    EXPECT_EQ(errors_of(c),
              "test.click:1:" + col(c, "1.0.0.2") +
                  ": rr :: RoundRobinIPMapper: pattern '1.0.0.2 - 0 1': mixes address and port patterns\n");
    c = "rr :: RoundRobinIPMapper(1.0.0.1 - - 0 1);";
    EXPECT_EQ(errors_of(c), "test.click:1:" + col(c, "1.0.0.1") +
                                ": rr :: RoundRobinIPMapper: pattern '1.0.0.1 - - 0 1': expected 'SADDR SPORT DADDR "
                                "DPORT FOUTPUT ROUTPUT', 'SADDR DADDR FOUTPUT ROUTPUT' or 'NAME FOUTPUT ROUTPUT'\n");
    c = "rr :: RoundRobinIPMapper(1.0.0.1 x - - 0 1);";
    EXPECT_EQ(errors_of(c), "test.click:1:" + col(c, "1.0.0.1") +
                                ": rr :: RoundRobinIPMapper: pattern '1.0.0.1 x - - 0 1': bad source port 'x'\n");
    c = "rr :: RoundRobinIPMapper(1.0.0.1 - - - 0 5); TestInject -> rw :: IPRewriter(rr) -> Discard;";
    EXPECT_EQ(errors_of(c),
              "test.click:1:" + col(c, "rr)") +
                  ": rw :: IPRewriter: input spec 0: mapper 'rr': output port 5 out of range (1 output)\n");
    c = "rr :: RoundRobinIPMapper(1.0.0.1 - 0 0); TestInject -> rw :: IPRewriter(rr) -> Discard;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + col(c, "rr)") +
                                ": rw :: IPRewriter: input spec 0: mapper 'rr': has address patterns; this element "
                                "needs port patterns\n");
    c = "x :: Idle -> rw :: IPRewriter(x) -> Discard;";
    EXPECT_EQ(errors_of(c),
              "test.click:1:" + col(c, "x)") + ": rw :: IPRewriter: input spec 0: unknown specification 'x'\n");
}
