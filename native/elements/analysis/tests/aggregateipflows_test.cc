// AggregateIPFlows: flow numbers and paints worked out by hand from the documented rules, on
// hand-built packets with chosen timestamps.
#include "analysis/aggregateipflows.hh"

#include <gtest/gtest.h>

#include "analysis_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace analysis_test;

namespace {

const char* config =
    "in :: TestInject -> af :: AggregateIPFlows(%s); af[0] -> out :: TestCollect; af[1] -> other :: TestCollect;";

Built build_with(const std::string& args) {
    std::string c = config;
    c.replace(c.find("%s"), 2, args);
    return build(c);
}

// (aggregate, paint) of every packet collected.
std::vector<std::pair<uint32_t, int>> marks(const TestCollect* c) {
    std::vector<std::pair<uint32_t, int>> v;
    for (Packet* p : c->packets) v.emplace_back(aggregate_of(p), p->paint_anno());
    return v;
}

using Marks = std::vector<std::pair<uint32_t, int>>;

const Flow4 a{"10.0.0.1", 40000, "10.0.0.2", 80};
const Flow4 u{"10.0.0.9", 5353, "10.0.0.1", 53};

}  // namespace

TEST(AggregateIPFlows, FlowsAndDirections) {
    auto b = build_with("");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(stamped(tcp(a, 0x02), 1));
    in->send(stamped(tcp(a.reversed(), 0x12), 1.1));
    in->send(stamped(udp(u), 1.2));
    in->send(stamped(udp(u.reversed()), 1.3));
    in->send(stamped(tcp(a, 0x10), 1.4));
    // The higher endpoint speaks first: still direction 0 for it.
    in->send(stamped(udp({"10.0.0.200", 9, "10.0.0.3", 9}), 1.5));
    EXPECT_EQ(marks(b.get<TestCollect>("out")), (Marks{{1, 0}, {1, 1}, {2, 0}, {2, 1}, {1, 0}, {3, 0}}));
    EXPECT_EQ(b.read("af.count"), "3\n");
    EXPECT_EQ(b.read("af.flows"), "3\n");
    EXPECT_EQ(b.write("af.clear", ""), "");
    EXPECT_EQ(b.read("af.flows"), "0\n");
    in->send(stamped(tcp(a.reversed(), 0x10), 2));
    EXPECT_EQ(marks(b.get<TestCollect>("out")).back(), (std::pair<uint32_t, int>{4, 0}));
}

TEST(AggregateIPFlows, TimeoutsInPacketTime) {
    auto b = build_with("UDP_TIMEOUT 10s, TCP_TIMEOUT 100s, TCP_DONE_TIMEOUT 5s");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(stamped(udp(u), 0));
    in->send(stamped(udp(u), 10));               // idle exactly 10 s: same flow
    in->send(stamped(udp(u.reversed()), 20.5));  // idle 10.5 s: a new flow, whose first packet is a reply
    in->send(stamped(tcp(a, 0x02), 21));
    in->send(stamped(tcp(a, 0x11), 30));             // FIN forward
    in->send(stamped(tcp(a.reversed(), 0x11), 31));  // FIN back: done
    in->send(stamped(tcp(a, 0x10), 37));             // 6 s later than done's 5 s: new flow
    in->send(stamped(tcp(a, 0x04), 38));             // RST: done at once
    in->send(stamped(tcp(a, 0x10), 42));             // within 5 s
    in->send(stamped(tcp(a, 0x10), 48));             // beyond
    EXPECT_EQ(marks(b.get<TestCollect>("out")),
              (Marks{{1, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 0}, {3, 1}, {4, 0}, {4, 0}, {4, 0}, {5, 0}}));
}

TEST(AggregateIPFlows, ReapForgetsEndedFlows) {
    auto b = build_with("UDP_TIMEOUT 1s, REAP 10s");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(stamped(udp(u), 100));
    in->send(stamped(udp({"10.0.0.7", 1, "10.0.0.8", 2}), 105));
    EXPECT_EQ(b.read("af.flows"), "2\n");
    in->send(stamped(udp({"10.0.0.7", 1, "10.0.0.8", 2}), 110.5));  // reap at 110.5: both ended
    EXPECT_EQ(b.read("af.flows"), "1\n");
}

TEST(AggregateIPFlows, IcmpErrorsAndFragments) {
    auto b = build_with("ICMP true");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    const std::string sent = udp(u, "0123456789abcdef");
    in->send(stamped(sent, 1));
    in->send(stamped(icmp_error("10.0.0.1", "10.0.0.9", 3, 3, sent), 1.1));                  // about a forward packet
    in->send(stamped(icmp_error("10.0.0.254", "10.0.0.1", 11, 0, udp(u.reversed())), 1.2));  // about a reply
    in->send(stamped(icmp_error("10.0.0.1", "10.0.0.9", 3, 3, udp({"1.1.1.1", 1, "2.2.2.2", 2})), 1.3));  // unknown
    in->send(stamped(echo("10.0.0.9", "10.0.0.1", 1, true), 1.4));  // not an error
    // A first fragment (more fragments), then a later one with the same IP identifier.
    Options first;
    first.frag = 0x2000;
    first.ip_id = 77;
    Options later;
    later.frag = 3;
    later.ip_id = 77;
    in->send(stamped(ip_packet({"10.0.0.5", 1000, "10.0.0.6", 2000}, first), 2));
    in->send(stamped(ip_packet({"10.0.0.5", 1000, "10.0.0.6", 2000}, later), 2.1));
    later.ip_id = 78;  // its first fragment never came
    in->send(stamped(ip_packet({"10.0.0.5", 1000, "10.0.0.6", 2000}, later), 2.2));
    EXPECT_EQ(marks(b.get<TestCollect>("out")), (Marks{{1, 0}, {1, 2}, {1, 3}, {2, 0}, {2, 0}}));
    EXPECT_EQ(b.get<TestCollect>("other")->packets.size(), 3u);

    auto nofrag = build_with("FRAGMENTS false");
    ASSERT_TRUE(nofrag.router) << nofrag.errors;
    later.ip_id = 77;
    nofrag.get<TestInject>("in")->send(stamped(ip_packet({"10.0.0.5", 1000, "10.0.0.6", 2000}, first), 2));
    nofrag.get<TestInject>("in")->send(stamped(ip_packet({"10.0.0.5", 1000, "10.0.0.6", 2000}, later), 2.1));
    nofrag.get<TestInject>("in")->send(stamped(icmp_error("10.0.0.6", "10.0.0.5", 3, 3, sent), 2.2));
    EXPECT_EQ(nofrag.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(nofrag.get<TestCollect>("other")->packets.size(), 2u);
}

TEST(AggregateIPFlows, MalformedPacketsGoToOutputOne) {
    auto b = build_with("ICMP true");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    std::string t = tcp(a, 0x02);
    std::string v6 = t;
    v6[0] = 0x60;
    std::string bad_hl = t;
    bad_hl[0] = 0x4f;
    std::string short_len = t;
    put16(short_len, 2, 30);  // total length leaves 10 bytes for TCP
    std::string err = icmp_error("10.0.0.2", "10.0.0.1", 3, 3, t);
    std::vector<std::string> bad = {t.substr(0, 30),
                                    t.substr(0, 12),
                                    v6,
                                    bad_hl,
                                    short_len,
                                    err.substr(0, 40),
                                    ip_header_for("1.1.1.1", "2.2.2.2", 47, "gre")};
    for (const auto& s : bad) in->send(stamped(s, 1));
    in->send(TestInject::make(t));  // no network header annotation
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 0u);
    EXPECT_EQ(b.get<TestCollect>("other")->packets.size(), bad.size() + 1);
    auto drop = build("in :: TestInject -> AggregateIPFlows -> out :: TestCollect;");
    ASSERT_TRUE(drop.router) << drop.errors;
    drop.get<TestInject>("in")->send(stamped(t.substr(0, 30), 1));
    EXPECT_EQ(drop.get<TestCollect>("out")->packets.size(), 0u);
}

TEST(AggregateIPFlows, CountsFlowsWithAggregateCounter) {
    auto b = build("in :: TestInject -> AggregateIPFlows -> ac :: AggregateCounter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    for (int i = 0; i < 3; ++i) b.get<TestInject>("in")->send(stamped(tcp(a, 0x10), i));
    b.get<TestInject>("in")->send(stamped(udp(u), 4));
    EXPECT_EQ(b.read("ac.nagg"), "2\n");
}

TEST(AggregateIPFlows, BadArguments) {
    std::string c = "TestInject -> af :: AggregateIPFlows(TRACEINFO flows.xml) -> Discard;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "TRACEINFO") +
                                ": af :: AggregateIPFlows: TRACEINFO: flow information files are not provided yet\n");
    c = "TestInject -> af :: AggregateIPFlows(UDP_TIMEOUT forever) -> Discard;";
    EXPECT_NE(errors_of(c).find("test.click:1:" + nat_test::col(c, "UDP_TIMEOUT") + ": af :: AggregateIPFlows"),
              std::string::npos)
        << errors_of(c);
    c = "TestInject -> af :: AggregateIPFlows(ICMP sometimes) -> Discard;";
    EXPECT_NE(errors_of(c).find("ICMP"), std::string::npos) << errors_of(c);
}
