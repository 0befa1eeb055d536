// IPRewriterPatterns: named patterns, shared by every input (and rewriter) that uses them.
#include <gtest/gtest.h>

#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

TEST(IPRewriterPatterns, NamedPatternSharedAcrossRewriters) {
    // Declared after its users: patterns are configured first.
    auto b = build(
        "a :: TestInject -> rw1 :: IPRewriter(pattern NAT 0 0) -> out1 :: TestCollect;"
        "b :: TestInject -> rw2 :: UDPRewriter(pattern NAT 0 0) -> out2 :: TestCollect;"
        "IPRewriterPatterns(NAT 203.0.113.1 1024-65535# - -, WEB - - 10.0.0.80 8080);");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("a")->send_ip(udp({"10.0.0.1", 5000, "192.168.1.7", 53}));
    b.get<TestInject>("b")->send_ip(udp({"10.0.0.2", 5000, "192.168.1.7", 53}));
    b.get<TestInject>("a")->send_ip(udp({"10.0.0.3", 5000, "192.168.1.7", 53}));
    // One sequential allocator for both rewriters.
    ASSERT_EQ(b.get<TestCollect>("out1")->data().size(), 2u);
    ASSERT_EQ(b.get<TestCollect>("out2")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[0]), hex(udp({"203.0.113.1", 1024, "192.168.1.7", 53})));
    EXPECT_EQ(hex(b.get<TestCollect>("out2")->data()[0]), hex(udp({"203.0.113.1", 1025, "192.168.1.7", 53})));
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[1]), hex(udp({"203.0.113.1", 1026, "192.168.1.7", 53})));
    EXPECT_EQ(b.read("rw1.patterns"), "203.0.113.1 1024-65535 - - [2]\n");
    // Writing a spec can name a pattern too.
    EXPECT_EQ(b.write("rw2.pattern0", "pattern WEB 0 0"), "");
    EXPECT_EQ(b.read("rw2.pattern0"), "- - 10.0.0.80 8080\n");
    EXPECT_EQ(b.write("rw2.pattern0", "pattern MAIL 0 0"), "input spec 0: no such pattern 'MAIL'");
}

TEST(IPRewriterPatterns, BadArguments) {
    std::string config = "IPRewriterPatterns(NAT 1.2.3.4 1024-65535 - -, NAT 1.2.3.5 - - -);";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "NAT 1.2.3.5") +
                                     ": IPRewriterPatterns@1 :: IPRewriterPatterns: pattern 'NAT' is defined more "
                                     "than once\n");
    config = "p :: IPRewriterPatterns(NAT 1.2.3.4 - - -); q :: IPRewriterPatterns(NAT 1.2.3.5 - - -);";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "NAT 1.2.3.5") +
                                     ": q :: IPRewriterPatterns: pattern 'NAT' is defined more than once\n");
    config = "p :: IPRewriterPatterns(NAT 1.2.3.4 x - -);";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "NAT") + ": p :: IPRewriterPatterns: pattern 'NAT': bad source port 'x'\n");
    config = "p :: IPRewriterPatterns(NAT 1.2.3.4 - -);";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "NAT") +
                  ": p :: IPRewriterPatterns: expected 'NAME SADDR SPORT DADDR DPORT' or 'NAME SADDR "
                  "DADDR', found 'NAT 1.2.3.4 - -'\n");
}
