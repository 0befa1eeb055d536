// ICMPPingRewriter: expected packets are built by hand (icmp_packets.hh computes every checksum
// from scratch) from the documented mapping semantics.
#include "nat/icmppingrewriter.hh"

#include <gtest/gtest.h>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

const char* ping_nat =
    "in :: TestInject -> rw :: ICMPPingRewriter(pattern 203.0.113.1 1024-1025# - - 0 1);"
    "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;";

}  // namespace

TEST(ICMPPingRewriter, RequestsAndRepliesAreTranslated) {
    auto b = build(ping_nat);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(echo("10.0.0.1", "8.8.8.8", 77, true, 1));
    in->send_ip(echo("10.0.0.1", "8.8.8.8", 77, true, 2));  // same ping: same mapping
    in->send_ip(echo("10.0.0.2", "8.8.8.8", 77, true, 1));
    in->send_ip(echo("10.0.0.3", "8.8.8.8", 77, true, 1));  // no identifier left
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 3u);
    EXPECT_EQ(hex(fwd[0]), hex(echo("203.0.113.1", "8.8.8.8", 1024, true, 1)));
    EXPECT_EQ(hex(fwd[1]), hex(echo("203.0.113.1", "8.8.8.8", 1024, true, 2)));
    EXPECT_EQ(hex(fwd[2]), hex(echo("203.0.113.1", "8.8.8.8", 1025, true, 1)));
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");

    in->send_ip(echo("8.8.8.8", "203.0.113.1", 1025, false, 1));
    in->send_ip(echo("8.8.8.8", "203.0.113.1", 1024, false, 2));
    in->send_ip(echo("8.8.8.8", "203.0.113.1", 999, false, 1));  // unknown: dropped
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 2u);
    EXPECT_EQ(hex(rev[0]), hex(echo("8.8.8.8", "10.0.0.2", 77, false, 1)));
    EXPECT_EQ(hex(rev[1]), hex(echo("8.8.8.8", "10.0.0.1", 77, false, 2)));
    IPAddress a;
    IPAddress::parse("10.0.0.1", a);
    EXPECT_EQ(b.get<TestCollect>("out1")->packets[1]->dst_ip_anno(), a.addr);
}

TEST(ICMPPingRewriter, Handlers) {
    auto b = build(ping_nat);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(echo("10.0.0.1", "8.8.8.8", 77, true));
    EXPECT_EQ(b.read("rw.table"),
              "(10.0.0.1, 8.8.8.8, 77) => (203.0.113.1, 8.8.8.8, 1024) [*0 1] i0 exp300\n"
              "(8.8.8.8, 203.0.113.1, 1024) => (8.8.8.8, 10.0.0.1, 77) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    EXPECT_EQ(b.read("rw.patterns"), "203.0.113.1 1024-1025 - - [1]\n");
    EXPECT_EQ(b.write("rw.pattern0", "pattern 203.0.113.1 1024-1025 - 9 0 1"),
              "input spec 0: a ping has no destination port: the pattern's DPORT must be '-'");
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(ICMPPingRewriter, OwnIdentifierKeptWhenFree) {
    auto b = build(
        "in :: TestInject -> rw :: ICMPPingRewriter(pattern 203.0.113.1 1-65535 - - 0 0, TIMEOUT 10s) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(echo("10.0.0.1", "8.8.8.8", 4242, true));
    ASSERT_EQ(b.get<TestCollect>("out")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[0]), hex(echo("203.0.113.1", "8.8.8.8", 4242, true)));
    EXPECT_NE(b.read("rw.table").find("exp10\n"), std::string::npos);
}

TEST(ICMPPingRewriter, MalformedAndOtherPacketsAreDroppedOrPassed) {
    auto b = build(
        "in :: TestInject -> rw :: ICMPPingRewriter(pattern 203.0.113.1 1024-1025 - - 0 1, pass 1);"
        "in2 :: TestInject -> [1]rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string req = echo("10.0.0.1", "8.8.8.8", 77, true);
    std::string later = req;
    later[7] = 10;  // fragment offset 80 bytes
    std::vector<std::string> bad = {
        req.substr(0, 24),                                                    // ICMP header cut short
        udp({"10.0.0.1", 5000, "8.8.8.8", 53}),                               // not ICMP
        ip_header_for("10.0.0.1", "8.8.8.8", 1, icmp_message(3, 1, 0, "x")),  // not an echo
        later,
    };
    for (auto* name : {"in", "in2"})
        for (const auto& s : bad) b.get<TestInject>(name)->send_ip(s);
    EXPECT_EQ(b.get<TestCollect>("out0")->data().size(), 0u);
    auto passed = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(passed.size(), bad.size());
    for (size_t i = 0; i < bad.size(); ++i) EXPECT_EQ(hex(passed[i]), hex(bad[i]));
    // A reply with no mapping on the pass input passes too.
    b.get<TestInject>("in2")->send_ip(echo("8.8.8.8", "203.0.113.1", 5, false));
    EXPECT_EQ(b.get<TestCollect>("out1")->data().size(), bad.size() + 1);
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(ICMPPingRewriter, BadArguments) {
    std::string config = "TestInject -> rw :: ICMPPingRewriter(pattern 1.2.3.4 1024-2000 - 7 0 0) -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "pattern") +
                                     ": rw :: ICMPPingRewriter: input spec 0: a ping has no destination port: the "
                                     "pattern's DPORT must be '-'\n");
    config =
        "rr :: RoundRobinIPMapper(1.2.3.4 1024-2000 - - 0 0, 1.2.3.5 1024-2000 - 7 0 0); TestInject -> rw :: "
        "ICMPPingRewriter(rr) -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "rr)") +
                                     ": rw :: ICMPPingRewriter: input spec 0: a ping has no destination port: the "
                                     "pattern's DPORT must be '-'\n");
    config = "rr :: RoundRobinIPMapper(1.2.3.4 1024-2000 - - 0 0); TestInject -> ICMPPingRewriter(rr) -> TestCollect;";
    EXPECT_EQ(errors_of(config), "");
    config = "TestInject -> rw :: ICMPPingRewriter(pattern 1.2.3.4 1024-2000 - - 0 0, GUARANTEE x) -> TestCollect;";
    EXPECT_NE(
        errors_of(config).find("test.click:1:" + col(config, "GUARANTEE") + ": rw :: ICMPPingRewriter: GUARANTEE"),
        std::string::npos)
        << errors_of(config);
    config = "TestInject -> rw :: ICMPPingRewriter(pattern 1.2.3.4 1024-2000 - - 0 0, TCP_TIMEOUT 1s) -> TestCollect;";
    EXPECT_NE(errors_of(config).find("test.click:1:" + col(config, "TCP_TIMEOUT")), std::string::npos)
        << errors_of(config);
}
