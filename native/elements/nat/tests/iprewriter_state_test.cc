// IPRewriter's mapping life cycle: timeouts per protocol and connection state, guarantees and
// capacity, the reap timer, and hot-swap. Time is driven through set_clock_for_testing, so the
// expected removals follow from the documented timeouts; the reaper is allowed to be late by
// up to an eighth of the shortest timeout (its wheel granularity), so checks sit well clear.
#include <gtest/gtest.h>

#include "nat/iprewriter.hh"
#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

constexpr int64_t T0 = 1'000'000'000'000;  // an arbitrary steady-clock origin (1000 s)
constexpr int64_t sec = 1'000'000'000;

struct Clocked {
    Built b;
    IPRewriter* rw;
    TestInject* in;
    explicit Clocked(const std::string& rewriter_args)
        : b(build("in :: TestInject -> rw :: IPRewriter(" + rewriter_args +
                  ") -> out :: TestCollect; rw[1] -> out1 :: TestCollect;")) {
        EXPECT_TRUE(b.router) << b.errors;
        rw = b.get<IPRewriter>("rw");
        in = b.get<TestInject>("in");
        rw->set_clock_for_testing(T0);
    }
    void at(int64_t t) { rw->set_clock_for_testing(T0 + t); }
    void reap_at(int64_t t) {
        at(t);
        rw->reap();
    }
    bool has(uint8_t proto, const Flow4& f) const {
        nat::FlowKey k;
        k.saddr = htonl(addr(f.saddr));
        k.daddr = htonl(addr(f.daddr));
        k.sport = htons(f.sport);
        k.dport = htons(f.dport);
        return rw->table().contains(proto, k);
    }
};

const char* keep2 = "keep 0 1, REAP_INTERVAL 0";

}  // namespace

TEST(IPRewriterTimeouts, UdpIdleTimeoutRestartsWithEachPacket) {
    Clocked c(std::string(keep2) + ", UDP_TIMEOUT 10");
    Flow4 f{"10.0.0.1", 1000, "10.0.0.2", 2000};
    c.in->send_ip(udp(f));
    EXPECT_EQ(c.b.read("rw.udp_table"),
              "(10.0.0.1, 1000, 10.0.0.2, 2000) => (10.0.0.1, 1000, 10.0.0.2, 2000) [*0 1] i0 exp10\n"
              "(10.0.0.2, 2000, 10.0.0.1, 1000) => (10.0.0.2, 2000, 10.0.0.1, 1000) [0 *1] i0 exp10\n");
    c.reap_at(9 * sec);
    EXPECT_TRUE(c.has(17, f));
    c.in->send_ip(udp(f.reversed()));  // a reply at 9 s: idle from there
    c.reap_at(18 * sec);
    EXPECT_TRUE(c.has(17, f));
    EXPECT_EQ(c.b.read("rw.table_size"), "1\n");
    c.reap_at(21 * sec);
    EXPECT_FALSE(c.has(17, f));
    EXPECT_EQ(c.b.read("rw.table_size"), "0\n");
}

TEST(IPRewriterTimeouts, UdpStreamingTimeout) {
    Clocked c(std::string(keep2) + ", UDP_TIMEOUT 10, UDP_STREAMING_TIMEOUT 2");
    Flow4 streaming{"10.0.0.1", 1000, "10.0.0.2", 2000};
    Flow4 oneway{"10.0.0.3", 1000, "10.0.0.2", 2000};
    // Three packets, one a reply: streaming. Three packets one way: not.
    c.in->send_ip(udp(streaming));
    c.in->send_ip(udp(streaming.reversed()));
    c.in->send_ip(udp(streaming));
    for (int i = 0; i < 3; ++i) c.in->send_ip(udp(oneway));
    c.reap_at(sec * 3 / 2);
    EXPECT_TRUE(c.has(17, streaming));
    c.reap_at(3 * sec);
    EXPECT_FALSE(c.has(17, streaming));
    EXPECT_TRUE(c.has(17, oneway));
    c.reap_at(12 * sec);
    EXPECT_FALSE(c.has(17, oneway));
}

TEST(IPRewriterTimeouts, TcpTimeoutFollowsConnectionState) {
    Clocked c(std::string(keep2) + ", TCP_NODATA_TIMEOUT 10, TCP_TIMEOUT 100, TCP_DONE_TIMEOUT 2");
    Flow4 syn_only{"10.0.0.1", 1001, "10.0.0.9", 80};
    Flow4 data{"10.0.0.1", 1002, "10.0.0.9", 80};
    Flow4 closed{"10.0.0.1", 1003, "10.0.0.9", 80};
    Flow4 reset{"10.0.0.1", 1004, "10.0.0.9", 80};
    Flow4 half_closed{"10.0.0.1", 1005, "10.0.0.9", 80};
    Flow4 one_way_data{"10.0.0.1", 1006, "10.0.0.9", 80};
    c.in->send_ip(tcp(syn_only, 0x02));
    c.in->send_ip(tcp(data, 0x18, "request"));
    c.in->send_ip(tcp(data.reversed(), 0x18, "response"));
    c.in->send_ip(tcp(closed, 0x11));             // FIN
    c.in->send_ip(tcp(closed.reversed(), 0x11));  // FIN back
    c.in->send_ip(tcp(reset, 0x04));              // RST
    c.in->send_ip(tcp(half_closed, 0x11));
    c.in->send_ip(tcp(one_way_data, 0x18, "push"));
    c.in->send_ip(tcp(one_way_data.reversed(), 0x10));  // a bare ACK carries no payload
    EXPECT_EQ(c.b.read("rw.table_size"), "6\n");

    c.reap_at(1 * sec);
    EXPECT_EQ(c.b.read("rw.table_size"), "6\n");
    c.reap_at(3 * sec);  // done: 2 s
    EXPECT_FALSE(c.has(6, closed));
    EXPECT_FALSE(c.has(6, reset));
    EXPECT_TRUE(c.has(6, half_closed));
    c.reap_at(9 * sec);
    EXPECT_EQ(c.b.read("rw.table_size"), "4\n");
    c.reap_at(12 * sec);  // no payload both ways: 10 s
    EXPECT_FALSE(c.has(6, syn_only));
    EXPECT_FALSE(c.has(6, half_closed));
    EXPECT_FALSE(c.has(6, one_way_data));
    EXPECT_TRUE(c.has(6, data));
    c.reap_at(99 * sec);
    EXPECT_TRUE(c.has(6, data));
    c.reap_at(103 * sec);  // payload both ways: 100 s
    EXPECT_EQ(c.b.read("rw.table_size"), "0\n");
}

TEST(IPRewriterTimeouts, ExpiredButNotYetReapedMappingsStillWork) {
    // Click's semantics: a mapping is removed when the reaper runs, not before.
    Clocked c("pattern 203.0.113.1 1024-65535# - - 0 1, REAP_INTERVAL 0, UDP_TIMEOUT 10");
    Flow4 f{"10.0.0.1", 5000, "192.168.1.7", 53};
    c.in->send_ip(udp(f));
    c.at(60 * sec);
    c.in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", 1024}, "late"));
    auto rev = c.b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(rev[0]), hex(udp(f.reversed(), "late")));
}

TEST(IPRewriterCapacity, GuaranteedMappingsAreNotReplaced) {
    Clocked c("keep 0 1, REAP_INTERVAL 0, MAPPING_CAPACITY 2, UDP_GUARANTEE 5");
    Flow4 a{"10.0.0.1", 1, "10.0.0.9", 9}, bb{"10.0.0.2", 2, "10.0.0.9", 9}, cc{"10.0.0.3", 3, "10.0.0.9", 9};
    c.in->send_ip(udp(a));
    c.at(sec / 2);
    c.in->send_ip(udp(bb));
    c.at(1 * sec);
    c.in->send_ip(udp(cc));  // both others used within 5 s: no room
    EXPECT_FALSE(c.has(17, cc));
    EXPECT_EQ(c.b.read("rw.mapping_failures"), "1\n");
    EXPECT_EQ(c.b.get<TestCollect>("out")->data().size(), 2u);
    c.at(5 * sec + sec / 5);  // a's guarantee is over, b's is not
    c.in->send_ip(udp(cc));
    EXPECT_FALSE(c.has(17, a));
    EXPECT_TRUE(c.has(17, bb));
    EXPECT_TRUE(c.has(17, cc));
    EXPECT_EQ(c.b.read("rw.mapping_failures"), "1\n");
    EXPECT_EQ(c.b.read("rw.table_size"), "2\n");
}

TEST(IPRewriterCapacity, WithoutGuaranteeTheMappingDueFirstMakesRoom) {
    Clocked c("keep 0 1, REAP_INTERVAL 0, MAPPING_CAPACITY 3, UDP_GUARANTEE 0");
    std::vector<Flow4> flows;
    for (int i = 0; i < 5; ++i) flows.push_back({"10.0.0." + std::to_string(i + 1), 1, "10.0.0.9", 9});
    for (int i = 0; i < 3; ++i) {
        c.at(i * sec);
        c.in->send_ip(udp(flows[size_t(i)]));
    }
    c.at(100 * sec);
    c.in->send_ip(udp(flows[0]));  // flow 0 used again: flow 1 is now due first
    c.in->send_ip(udp(flows[3]));
    EXPECT_TRUE(c.has(17, flows[0]));
    EXPECT_FALSE(c.has(17, flows[1]));
    EXPECT_TRUE(c.has(17, flows[2]));
    EXPECT_TRUE(c.has(17, flows[3]));
    EXPECT_EQ(c.b.read("rw.mapping_failures"), "0\n");
}

TEST(IPRewriterTimeouts, ReapTimerRemovesIdleMappings) {
    auto b = build(
        "in :: TestInject -> rw :: IPRewriter(keep 0 0, UDP_TIMEOUT 30ms, REAP_INTERVAL 10ms) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 1, "10.0.0.2", 2}));
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    for (int i = 0; i < 100 && b.read("rw.table_size") != "0\n"; ++i) b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(IPRewriterHotSwap, NewRewriterKeepsTheMappings) {
    const std::string config =
        "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535# - - 0 1);"
        "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;";
    auto old = build(config);
    ASSERT_TRUE(old.router) << old.errors;
    old.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 5000, "192.168.1.7", 53}));
    old.get<TestInject>("in")->send_ip(udp({"10.0.0.2", 5000, "192.168.1.7", 53}));

    auto now = build(config);
    ASSERT_TRUE(now.router) << now.errors;
    CollectingErrorHandler errh;
    now.router->take_state_from(*old.router, &errh);
    EXPECT_EQ(errh.str(), "");
    EXPECT_EQ(old.read("rw.table_size"), "0\n");
    EXPECT_EQ(now.read("rw.table_size"), "2\n");
    EXPECT_EQ(now.read("rw.patterns"), "203.0.113.1 1024-65535 - - [2]\n");

    auto* in = now.get<TestInject>("in");
    in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", 1025}, "r"));
    in->send_ip(udp({"10.0.0.1", 5000, "192.168.1.7", 53}, "f"));
    // The new rewriter's allocator starts over but skips the ports the old mappings hold.
    in->send_ip(udp({"10.0.0.3", 5000, "192.168.1.7", 53}, "n"));
    auto rev = now.get<TestCollect>("out1")->data();
    auto fwd = now.get<TestCollect>("out0")->data();
    ASSERT_EQ(rev.size(), 1u);
    ASSERT_EQ(fwd.size(), 2u);
    EXPECT_EQ(hex(rev[0]), hex(udp({"192.168.1.7", 53, "10.0.0.2", 5000}, "r")));
    EXPECT_EQ(hex(fwd[0]), hex(udp({"203.0.113.1", 1024, "192.168.1.7", 53}, "f")));
    EXPECT_EQ(hex(fwd[1]), hex(udp({"203.0.113.1", 1026, "192.168.1.7", 53}, "n")));
}

TEST(IPRewriterHotSwap, MappingsToMissingOutputsAreDropped) {
    auto old = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(keep 0 1, keep 0 0); i1 :: TestInject -> [1] rw;"
        "rw[0] -> TestCollect; rw[1] -> TestCollect;");
    ASSERT_TRUE(old.router) << old.errors;
    old.get<TestInject>("i0")->send_ip(udp({"10.0.0.1", 1, "10.0.0.2", 2}));
    old.get<TestInject>("i1")->send_ip(udp({"10.0.0.3", 3, "10.0.0.4", 4}));
    auto now = build("i0 :: TestInject -> rw :: IPRewriter(keep 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(now.router) << now.errors;
    CollectingErrorHandler errh;
    now.router->take_state_from(*old.router, &errh);
    // Only the second mapping fits one output; its input (1) does not exist any more.
    EXPECT_EQ(now.read("rw.udp_table"),
              "(10.0.0.3, 3, 10.0.0.4, 4) => (10.0.0.3, 3, 10.0.0.4, 4) [*0 0] i0 exp300\n"
              "(10.0.0.4, 4, 10.0.0.3, 3) => (10.0.0.4, 4, 10.0.0.3, 3) [0 *0] i0 exp300\n");
}

TEST(IPRewriter, DstAnnoCanBeLeftAlone) {
    auto b = build(
        "in :: TestInject -> rw :: IPRewriter(pattern - - 198.51.100.5 8080 0 0, DST_ANNO false) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = annotated(udp({"10.0.0.1", 5000, "192.168.1.7", 80}));
    p->set_dst_ip_anno(0x01020304);
    b["in"]->output(0).push(p);
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 1u);
    EXPECT_EQ(out->packets[0]->dst_ip_anno(), 0x01020304u);
    EXPECT_EQ(hex(out->data()[0]), hex(udp({"10.0.0.1", 5000, "198.51.100.5", 8080})));
}
