// TCPRewriter and UDPRewriter: the IPRewriter machinery restricted to TCP with connection
// tracking, and to UDP-style flows (TCP included, untracked). Expected packets are built by
// hand with fully recomputed checksums.
#include <gtest/gtest.h>

#include "nat/tcprewriter.hh"
#include "nat/udprewriter.hh"
#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {
constexpr int64_t T0 = 1'000'000'000'000;
constexpr int64_t sec = 1'000'000'000;
}  // namespace

TEST(TCPRewriter, RewritesTcpOnly) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: TCPRewriter(pattern 198.51.100.1 20000-20010# - - 0 1, pass 1);"
        "i1 :: TestInject -> [1] rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* i0 = b.get<TestInject>("i0");
    Flow4 c{"10.0.0.1", 33000, "203.0.113.80", 80};
    i0->send_ip(tcp(c, 0x02));
    i0->send_ip(tcp({"203.0.113.80", 80, "198.51.100.1", 20000}, 0x12));
    auto fwd = b.get<TestCollect>("out0")->data();
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(fwd.size(), 1u);
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(fwd[0]), hex(tcp({"198.51.100.1", 20000, "203.0.113.80", 80}, 0x02)));
    EXPECT_EQ(hex(rev[0]), hex(tcp(c.reversed(), 0x12)));
    // UDP cannot be rewritten: dropped on the pattern input, passed on the pass input.
    i0->send_ip(udp(c));
    b.get<TestInject>("i1")->send_ip(udp(c));
    EXPECT_EQ(b.get<TestCollect>("out0")->data().size(), 1u);
    ASSERT_EQ(b.get<TestCollect>("out1")->data().size(), 2u);
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[1]), hex(udp(c)));
    EXPECT_EQ(b.read("rw.table"),
              "(10.0.0.1, 33000, 203.0.113.80, 80) => (198.51.100.1, 20000, 203.0.113.80, 80) [*0 1] i0 exp300\n"
              "(203.0.113.80, 80, 198.51.100.1, 20000) => (203.0.113.80, 80, 10.0.0.1, 33000) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.read("rw.mappings"), b.read("rw.table"));
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    EXPECT_EQ(b.read("rw.patterns"), "198.51.100.1 20000-20010 - - [1]\n<nochange>\n");
}

TEST(TCPRewriter, TimeoutKeywordsAndStates) {
    auto b = build(
        "in :: TestInject -> rw :: TCPRewriter(keep 0 0, REAP_INTERVAL 0, TIMEOUT 50, TCP_NODATA_TIMEOUT 20, "
        "TCP_DONE_TIMEOUT 4) -> TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* rw = b.get<TCPRewriter>("rw");
    auto* in = b.get<TestInject>("in");
    rw->set_clock_for_testing(T0);
    Flow4 talk{"10.0.0.1", 1, "10.0.0.2", 2}, bye{"10.0.0.1", 3, "10.0.0.2", 2}, quiet{"10.0.0.1", 4, "10.0.0.2", 2};
    in->send_ip(tcp(talk, 0x18, "x"));
    in->send_ip(tcp(talk.reversed(), 0x18, "y"));
    in->send_ip(tcp(bye, 0x18, "x"));
    in->send_ip(tcp(bye.reversed(), 0x18, "y"));
    in->send_ip(tcp(bye, 0x11));
    in->send_ip(tcp(bye.reversed(), 0x11));
    in->send_ip(tcp(quiet, 0x02));
    auto reap_at = [&](int64_t t) {
        rw->set_clock_for_testing(T0 + t);
        rw->reap();
        return b.read("rw.table_size");
    };
    EXPECT_EQ(reap_at(3 * sec), "3\n");
    EXPECT_EQ(reap_at(6 * sec), "2\n");  // bye: TCP_DONE_TIMEOUT
    EXPECT_EQ(reap_at(18 * sec), "2\n");
    EXPECT_EQ(reap_at(24 * sec), "1\n");  // quiet: TCP_NODATA_TIMEOUT
    EXPECT_EQ(reap_at(48 * sec), "1\n");
    EXPECT_EQ(reap_at(56 * sec), "0\n");  // talk: TIMEOUT (= TCP_TIMEOUT)
}

TEST(TCPRewriter, BadArguments) {
    std::string config = "TestInject -> rw :: TCPRewriter(keep 0 0, UDP_TIMEOUT 5) -> TestCollect;";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "UDP_") + ": rw :: TCPRewriter: unknown keyword 'UDP_TIMEOUT'\n");
    config = "TestInject -> rw :: TCPRewriter(keep 0 0, TCP_DONE_TIMEOUT -1) -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "TCP_DONE") +
                                     ": rw :: TCPRewriter: TCP_DONE_TIMEOUT: expected time (for example 1.5s, "
                                     "10ms, 250us)\n");
}

TEST(UDPRewriter, RewritesUdpAndTcpWithUdpTimeouts) {
    auto b = build(
        "in :: TestInject -> rw :: UDPRewriter(pattern 198.51.100.1 - 192.0.2.53 53 0 1, TIMEOUT 10, REAP_INTERVAL 0);"
        "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* rw = b.get<UDPRewriter>("rw");
    auto* in = b.get<TestInject>("in");
    rw->set_clock_for_testing(T0);
    Flow4 dns{"10.0.0.1", 40000, "8.8.8.8", 53};
    in->send_ip(udp(dns, "q"));
    in->send_ip(udp({"192.0.2.53", 53, "198.51.100.1", 40000}, "a"));
    auto fwd = b.get<TestCollect>("out0")->data();
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(fwd.size(), 1u);
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(fwd[0]), hex(udp({"198.51.100.1", 40000, "192.0.2.53", 53}, "q")));
    EXPECT_EQ(hex(rev[0]), hex(udp(dns.reversed(), "a")));

    // TCP is rewritten too, but FIN/RST do not shorten its timeout.
    Flow4 t{"10.0.0.1", 40001, "8.8.8.8", 80};
    in->send_ip(tcp(t, 0x04));
    ASSERT_EQ(b.get<TestCollect>("out0")->data().size(), 2u);
    EXPECT_EQ(hex(b.get<TestCollect>("out0")->data()[1]), hex(tcp({"198.51.100.1", 40001, "192.0.2.53", 53}, 0x04)));
    EXPECT_EQ(b.read("rw.table"),
              "(10.0.0.1, 40000, 8.8.8.8, 53) => (198.51.100.1, 40000, 192.0.2.53, 53) [*0 1] i0 exp10\n"
              "(192.0.2.53, 53, 198.51.100.1, 40000) => (8.8.8.8, 53, 10.0.0.1, 40000) [0 *1] i0 exp10\n"
              "(10.0.0.1, 40001, 8.8.8.8, 80) => (198.51.100.1, 40001, 192.0.2.53, 53) [*0 1] i0 exp10\n"
              "(192.0.2.53, 53, 198.51.100.1, 40001) => (8.8.8.8, 80, 10.0.0.1, 40001) [0 *1] i0 exp10\n");
    rw->set_clock_for_testing(T0 + 8 * sec);
    rw->reap();
    EXPECT_EQ(b.read("rw.table_size"), "2\n");
    rw->set_clock_for_testing(T0 + 12 * sec);
    rw->reap();
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(UDPRewriter, StreamingTimeout) {
    auto b = build(
        "in :: TestInject -> rw :: UDPRewriter(keep 0 0, TIMEOUT 30, STREAMING_TIMEOUT 3, REAP_INTERVAL 0) -> "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* rw = b.get<UDPRewriter>("rw");
    auto* in = b.get<TestInject>("in");
    rw->set_clock_for_testing(T0);
    Flow4 rtp{"10.0.0.1", 5004, "10.0.0.2", 5004}, rpc{"10.0.0.1", 7000, "10.0.0.2", 111};
    for (int i = 0; i < 3; ++i) in->send_ip(udp(i == 1 ? rtp.reversed() : rtp));
    in->send_ip(udp(rpc));
    in->send_ip(udp(rpc.reversed()));
    rw->set_clock_for_testing(T0 + 5 * sec);
    rw->reap();
    EXPECT_EQ(b.read("rw.table"),
              "(10.0.0.1, 7000, 10.0.0.2, 111) => (10.0.0.1, 7000, 10.0.0.2, 111) [*0 0] i0 exp25\n"
              "(10.0.0.2, 111, 10.0.0.1, 7000) => (10.0.0.2, 111, 10.0.0.1, 7000) [0 *0] i0 exp25\n");
}

TEST(UDPRewriter, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> rw :: UDPRewriter(pattern 198.51.100.1 1024-1024 - - 0 0) -> TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 1, "10.0.0.2", 2}));
    EXPECT_EQ(b.read("rw.size"), "1\n");
    EXPECT_EQ(b.read("rw.pattern0"), "198.51.100.1 1024-1024 - - [1]\n");
    EXPECT_EQ(b.write("rw.pattern0", "pattern"),
              "input spec 0: syntax error, expected 'pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' or "
              "'pattern NAME FOUTPUT ROUTPUT'");
    EXPECT_EQ(b.read("rw.size"), "1\n");
    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.mappings"), "");

    std::string config = "TestInject -> rw :: UDPRewriter(keep 0 0, TCP_TIMEOUT 5) -> TestCollect;";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "TCP_") + ": rw :: UDPRewriter: unknown keyword 'TCP_TIMEOUT'\n");
    config = "TestInject -> rw :: UDPRewriter(keep 0 0, TIMEOUT 5, UDP_TIMEOUT 6, TIMEOUT 7) -> TestCollect;";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "TIMEOUT 7") + ": rw :: UDPRewriter: TIMEOUT: given more than once\n");
}
