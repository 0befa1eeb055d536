// The routing table handlers: table, lookup, add, set, remove, ctrl and flush, including
// writes that are refused and must leave the table (and the lookups) as they were.
#include <gtest/gtest.h>

#include "route_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace routetest;

namespace {

std::string config_for(const std::string& cls, const std::string& routes) {
    return "in :: TestInject -> rt :: " + cls + "(" + routes +
           ");\n"
           "rt[0] -> o0 :: TestCollect; rt[1] -> o1 :: TestCollect;\n"
           "rt[2] -> o2 :: TestCollect; rt[3] -> o3 :: TestCollect;";
}

// Where a packet to dst goes: "OUT" or "OUT GW", "-1" without a route.
std::string route_of(const Built& b, const std::string& dst) {
    std::string err = b.write("rt.lookup", dst);
    if (!err.empty()) return "ERROR " + err;
    std::string r = b.read("rt.lookup");
    if (!r.empty() && r.back() == '\n') r.pop_back();
    return r;
}

class Handlers : public ::testing::TestWithParam<const char*> {
  protected:
    Built b;
    void SetUp() override {
        b = build(config_for(GetParam(), "10.0.0.0/8 1, 10.1.0.0/16 10.1.0.1 2, 0.0.0.0/0 192.168.0.1 0"));
        ASSERT_TRUE(b.router) << b.errors;
    }
};

const char* kTable =
    "0.0.0.0/0\t192.168.0.1\t0\n"
    "10.0.0.0/8\t-\t1\n"
    "10.1.0.0/16\t10.1.0.1\t2\n";

TEST_P(Handlers, TableAndLookup) {
    EXPECT_EQ(b.read("rt.table"), kTable);
    EXPECT_EQ(b.read("rt.lookup"), "");
    EXPECT_EQ(route_of(b, "10.1.2.3"), "2 10.1.0.1");
    EXPECT_EQ(route_of(b, "10.2.0.0"), "1");
    EXPECT_EQ(route_of(b, "11.0.0.0"), "0 192.168.0.1");
    EXPECT_EQ(b.write("rt.lookup", "10.1"), "lookup: expected IP address, found '10.1'");
    EXPECT_EQ(b.read("rt.lookup"), "0 192.168.0.1\n");  // the previous answer stays
}

TEST_P(Handlers, AddThenRouteThroughIt) {
    EXPECT_EQ(b.write("rt.add", "10.1.2.0/24 3"), "");
    EXPECT_EQ(b.write("rt.add", "172.16.0.1 172.16.0.254 3"), "");
    EXPECT_EQ(b.read("rt.table"),
              "0.0.0.0/0\t192.168.0.1\t0\n"
              "10.0.0.0/8\t-\t1\n"
              "10.1.0.0/16\t10.1.0.1\t2\n"
              "10.1.2.0/24\t-\t3\n"
              "172.16.0.1/32\t172.16.0.254\t3\n");
    b.get<TestInject>("in")->send(packet_to("10.1.2.200", "a"));
    b.get<TestInject>("in")->send(packet_to("172.16.0.1", "b"));
    b.get<TestInject>("in")->send(packet_to("10.1.3.1", "c"));
    ASSERT_EQ(b.get<TestCollect>("o3")->data(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(ip_str(b.get<TestCollect>("o3")->packets[0]->dst_ip_anno()), "10.1.2.200");
    EXPECT_EQ(ip_str(b.get<TestCollect>("o3")->packets[1]->dst_ip_anno()), "172.16.0.254");
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), std::vector<std::string>{"c"});
}

TEST_P(Handlers, RefusedAddsLeaveTheTable) {
    EXPECT_EQ(b.write("rt.add", "10.0.0.0/8 2"), "add: a route for 10.0.0.0/8 already exists");
    EXPECT_EQ(b.write("rt.add", "10.2.0.0/16 4"), "add: bad route '10.2.0.0/16 4': OUTPUT 4 out of range (0 to 3)");
    EXPECT_EQ(b.write("rt.add", "10.2.0.0/16"), "add: bad route '10.2.0.0/16': expected ADDR/MASK [GATEWAY] OUTPUT");
    EXPECT_EQ(b.write("rt.add", "10.2.0.0/16 gw 1"), "add: bad route '10.2.0.0/16 gw 1': bad GATEWAY 'gw'");
    EXPECT_EQ(b.write("rt.set", "300.2.0.0/16 1"), "set: bad route '300.2.0.0/16 1': bad ADDR/MASK '300.2.0.0/16'");
    EXPECT_EQ(b.read("rt.table"), kTable);
    EXPECT_EQ(route_of(b, "10.2.0.1"), "1");
}

TEST_P(Handlers, SetReplaces) {
    EXPECT_EQ(b.write("rt.set", "10.0.0.0/8 10.9.9.9 3"), "");
    EXPECT_EQ(b.write("rt.set", "10.3.0.0/16 0"), "");
    EXPECT_EQ(b.read("rt.table"),
              "0.0.0.0/0\t192.168.0.1\t0\n"
              "10.0.0.0/8\t10.9.9.9\t3\n"
              "10.1.0.0/16\t10.1.0.1\t2\n"
              "10.3.0.0/16\t-\t0\n");
    EXPECT_EQ(route_of(b, "10.200.0.1"), "3 10.9.9.9");
    EXPECT_EQ(route_of(b, "10.3.0.1"), "0");
    EXPECT_EQ(route_of(b, "10.1.0.9"), "2 10.1.0.1");
}

TEST_P(Handlers, RemoveFallsBackToTheCoveringRoute) {
    EXPECT_EQ(b.write("rt.remove", "10.1.0.0/16"), "");
    EXPECT_EQ(route_of(b, "10.1.2.3"), "1");
    EXPECT_EQ(b.write("rt.remove", "10.0.0.0/8 1"), "");
    EXPECT_EQ(route_of(b, "10.1.2.3"), "0 192.168.0.1");
    EXPECT_EQ(b.write("rt.remove", "0.0.0.0/0 192.168.0.1 0"), "");
    EXPECT_EQ(route_of(b, "10.1.2.3"), "-1");
    EXPECT_EQ(b.read("rt.table"), "");
    EXPECT_EQ(b.write("rt.add", "10.1.0.0/16 3"), "");
    EXPECT_EQ(route_of(b, "10.1.2.3"), "3");
}

TEST_P(Handlers, RefusedRemovesLeaveTheTable) {
    EXPECT_EQ(b.write("rt.remove", "10.1.0.0/24"), "remove: no route for 10.1.0.0/24");
    EXPECT_EQ(b.write("rt.remove", "10.0.0.0/8 2"),
              "remove: no route '10.0.0.0/8 2' (the route for 10.0.0.0/8 is '10.0.0.0/8\t-\t1')");
    EXPECT_EQ(b.write("rt.remove", "10.1.0.0/16 2"),
              "remove: no route '10.1.0.0/16 2' (the route for 10.1.0.0/16 is '10.1.0.0/16\t10.1.0.1\t2')");
    EXPECT_EQ(b.write("rt.remove", "10.1.0.0/16 x y z"),
              "remove: bad route '10.1.0.0/16 x y z': expected ADDR/MASK [[GATEWAY] OUTPUT]");
    EXPECT_EQ(b.read("rt.table"), kTable);
}

TEST_P(Handlers, CtrlAppliesEveryLine) {
    EXPECT_EQ(b.write("rt.ctrl",
                      "add 10.5.0.0/16 3\n"
                      "\n"
                      "  set 10.0.0.0/8 10.0.0.254 1  \n"
                      "remove 10.1.0.0/16\n"
                      "add 10.1.0.0/16 0\n"),
              "");
    EXPECT_EQ(b.read("rt.table"),
              "0.0.0.0/0\t192.168.0.1\t0\n"
              "10.0.0.0/8\t10.0.0.254\t1\n"
              "10.1.0.0/16\t-\t0\n"
              "10.5.0.0/16\t-\t3\n");
    EXPECT_EQ(route_of(b, "10.5.1.1"), "3");
    EXPECT_EQ(route_of(b, "10.1.1.1"), "0");
    EXPECT_EQ(route_of(b, "10.7.1.1"), "1 10.0.0.254");
}

TEST_P(Handlers, CtrlIsAllOrNothing) {
    // Lines 1-3 would work; line 4 fails, so nothing may change.
    EXPECT_EQ(b.write("rt.ctrl",
                      "add 10.5.0.0/16 3\n"
                      "remove 10.1.0.0/16\n"
                      "set 0.0.0.0/0 1\n"
                      "add 10.5.0.0/16 2\n"
                      "add 10.6.0.0/16 2\n"),
              "ctrl: line 4: a route for 10.5.0.0/16 already exists");
    EXPECT_EQ(b.read("rt.table"), kTable);
    EXPECT_EQ(route_of(b, "10.5.1.1"), "1");
    EXPECT_EQ(route_of(b, "10.1.1.1"), "2 10.1.0.1");
    EXPECT_EQ(route_of(b, "11.1.1.1"), "0 192.168.0.1");
    EXPECT_EQ(b.write("rt.ctrl", "remove 10.0.0.0/8\nreplace 10.0.0.0/8 1"),
              "ctrl: line 2: unknown command 'replace' (expected add, set or remove)");
    EXPECT_EQ(b.write("rt.ctrl", "add 10.9.0.0/16 0\nremove 10.9.0.0/16\nremove 10.9.0.0/16"),
              "ctrl: line 3: no route for 10.9.0.0/16");
    EXPECT_EQ(b.write("rt.ctrl", "set 10.1.0.0/16 1\nset 10.1.0.0/16 9"),
              "ctrl: line 2: bad route '10.1.0.0/16 9': OUTPUT 9 out of range (0 to 3)");
    EXPECT_EQ(b.read("rt.table"), kTable);
    EXPECT_EQ(route_of(b, "10.0.0.1"), "1");
    EXPECT_EQ(route_of(b, "10.1.1.1"), "2 10.1.0.1");
}

INSTANTIATE_TEST_SUITE_P(DynamicTables, Handlers,
                         ::testing::Values("LinearIPLookup", "RadixIPLookup", "DirectIPLookup", "RangeIPLookup"));

TEST(StaticIPLookup, RoutesCannotChange) {
    auto b = build(config_for("StaticIPLookup", "10.0.0.0/8 1"));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("rt.table"), "10.0.0.0/8\t-\t1\n");
    for (const char* h : {"rt.add", "rt.set", "rt.remove", "rt.ctrl"}) EXPECT_NE(b.write(h, "10.1.0.0/16 1"), "") << h;
    EXPECT_EQ(b.read("rt.table"), "10.0.0.0/8\t-\t1\n");
    EXPECT_EQ(route_of(b, "10.1.1.1"), "1");
}

TEST(DirectIPLookup, FlushEmptiesTheTable) {
    for (const char* cls : {"DirectIPLookup", "RangeIPLookup"}) {
        auto b = build(config_for(cls, "10.0.0.0/8 1, 0/0 2, 10.1.2.3/32 3"));
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_EQ(b.write("rt.flush", ""), "");
        EXPECT_EQ(b.read("rt.table"), "") << cls;
        EXPECT_EQ(route_of(b, "10.1.2.3"), "-1") << cls;
        EXPECT_EQ(b.write("rt.add", "10.1.2.0/24 3"), "");
        EXPECT_EQ(route_of(b, "10.1.2.3"), "3") << cls;
    }
    auto r = build(config_for("RadixIPLookup", "10.0.0.0/8 1"));
    EXPECT_NE(r.write("rt.flush", ""), "");  // Click's RadixIPLookup has no flush
}

}  // namespace
