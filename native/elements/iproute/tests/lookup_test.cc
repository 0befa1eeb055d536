// Lookups through every routing table element on hand-made tables: each expected output
// and annotation below is worked out by hand from longest-prefix match.
#include <gtest/gtest.h>

#include "route_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace routetest;

namespace {

// rt has four outputs, each to a collector o0..o3.
std::string config_for(const std::string& cls, const std::string& routes) {
    return "in :: TestInject -> rt :: " + cls + "(" + routes +
           ");\n"
           "rt[0] -> o0 :: TestCollect; rt[1] -> o1 :: TestCollect;\n"
           "rt[2] -> o2 :: TestCollect; rt[3] -> o3 :: TestCollect;";
}

const char* kRoutes =
    "18.26.4.24/32 0, 18.26.4.255/32 0, 18.26.4.0/32 0, 18.26.4/24 1, 0/0 18.26.4.1 2, "
    "10.0.0.0/8 10.0.0.1 3, 10.1.0.0/16 1, 10.1.2.0/24 10.1.2.254 2, 10.1.2.128/25 3";

struct Case {
    const char* dst;
    int port;
    const char* anno;  // the destination annotation afterwards
};

const Case kCases[] = {
    {"18.26.4.24", 0, "18.26.4.24"},     {"18.26.4.255", 0, "18.26.4.255"}, {"18.26.4.0", 0, "18.26.4.0"},
    {"18.26.4.9", 1, "18.26.4.9"},       {"18.26.5.9", 2, "18.26.4.1"},     {"1.2.3.4", 2, "18.26.4.1"},
    {"10.200.0.1", 3, "10.0.0.1"},       {"10.1.9.9", 1, "10.1.9.9"},       {"10.1.2.3", 2, "10.1.2.254"},
    {"10.1.2.127", 2, "10.1.2.254"},     {"10.1.2.128", 3, "10.1.2.128"},   {"10.1.2.255", 3, "10.1.2.255"},
    {"255.255.255.255", 2, "18.26.4.1"}, {"0.0.0.0", 2, "18.26.4.1"},
};

class Lookup : public ::testing::TestWithParam<const char*> {};

TEST_P(Lookup, LongestPrefixOnePacketAtATime) {
    auto b = build(config_for(GetParam(), kRoutes));
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    for (const Case& c : kCases) {
        for (int o = 0; o < 4; ++o) b.get<TestCollect>("o" + std::to_string(o))->clear();
        in->send(packet_to(c.dst, c.dst));
        auto* out = b.get<TestCollect>("o" + std::to_string(c.port));
        ASSERT_EQ(out->packets.size(), 1u) << c.dst;
        EXPECT_EQ(ip_str(out->packets[0]->dst_ip_anno()), c.anno) << c.dst;
    }
}

TEST_P(Lookup, BatchSplitsPerOutputInOrder) {
    auto b = build(config_for(GetParam(), kRoutes));
    ASSERT_TRUE(b.router) << b.errors;
    PacketBatch batch;
    for (const Case& c : kCases) batch.append(packet_to(c.dst, c.dst));
    b["in"]->output(0).push_batch(batch);
    for (int o = 0; o < 4; ++o) {
        std::vector<std::string> want;
        for (const Case& c : kCases)
            if (c.port == o) want.push_back(c.dst);
        EXPECT_EQ(b.get<TestCollect>("o" + std::to_string(o))->data(), want) << "output " << o;
    }
}

TEST_P(Lookup, NoRouteDrops) {
    auto b = build(config_for(GetParam(), "10.0.0.0/8 0, 10.1.0.0/16 1, 192.168.1.1 2, 172.16.0.0/12 3"));
    ASSERT_TRUE(b.router) << b.errors;
    PacketBatch batch;
    for (const char* d : {"11.0.0.1", "10.1.1.1", "192.168.1.2", "192.168.1.1", "172.32.0.0", "172.31.255.255"})
        batch.append(packet_to(d, d));
    b["in"]->output(0).push_batch(batch);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{"10.1.1.1"});
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), std::vector<std::string>{"192.168.1.1"});
    EXPECT_EQ(b.get<TestCollect>("o3")->data(), std::vector<std::string>{"172.31.255.255"});
    // Single packets without a route are dropped too.
    b.get<TestInject>("in")->send(packet_to("8.8.8.8", "x"));
    size_t total = 0;
    for (int o = 0; o < 4; ++o) total += b.get<TestCollect>("o" + std::to_string(o))->packets.size();
    EXPECT_EQ(total, 3u);
}

TEST_P(Lookup, EmptyTableDropsEverything) {
    auto b = build("in :: TestInject -> rt :: " + std::string(GetParam()) + " -> o :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(packet_to("1.2.3.4", "x"));
    b.get<TestInject>("in")->send_batch({"a", "b"});  // annotation 0.0.0.0
    EXPECT_TRUE(b.get<TestCollect>("o")->packets.empty());
    EXPECT_EQ(b.read("rt.table"), "");
}

INSTANTIATE_TEST_SUITE_P(AllTables, Lookup,
                         ::testing::Values("LinearIPLookup", "StaticIPLookup", "RadixIPLookup", "DirectIPLookup",
                                           "RangeIPLookup"));

TEST(LinearIPLookup, NonPrefixMasksMostBitsWin) {
    // 10.0.0.5/255.0.0.255 has 16 mask bits and beats 10.0.0.0/8; 10.1.0.0/16 ties with it
    // and comes later in the configuration.
    auto b = build(config_for("LinearIPLookup", "10.0.0.0/8 0, 10.0.0.5/255.0.0.255 1, 10.1.0.0/16 2"));
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(packet_to("10.9.9.5", "a"));  // only the odd mask and /8 match
    in->send(packet_to("10.1.0.5", "b"));  // both 16-bit routes match: the first listed wins
    in->send(packet_to("10.1.0.6", "c"));  // /16 and /8
    in->send(packet_to("10.9.9.6", "d"));  // /8 only
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{"d"});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), std::vector<std::string>{"c"});
}

}  // namespace
