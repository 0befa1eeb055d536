// TimedSource: packets one INTERVAL apart, the first one INTERVAL after start-up; so LIMIT
// packets take at least LIMIT x INTERVAL (a bound that holds however slow the machine is),
// and a run of T holds at most T / INTERVAL packets (no catch-up bursts).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(TimedSource, SendsLimitPacketsAnIntervalApart) {
    auto b = build("s :: TimedSource(10ms, hi, LIMIT 3, STOP true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp start = Timestamp::now_steady();
    EXPECT_TRUE(b.router->run_for(2'000'000'000));  // STOP ends the run
    EXPECT_GE((Timestamp::now_steady() - start).ns, 30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"hi", "hi", "hi"}));
    EXPECT_EQ(b.read("s.count"), "3\n");
}

TEST(TimedSource, IntervalOverAQuarterSecond) {
    auto b = build("s :: TimedSource(INTERVAL 20ms) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp start = Timestamp::now_steady();
    b.router->run_for(250'000'000);
    int64_t elapsed = (Timestamp::now_steady() - start).ns;  // a busy machine may overrun
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 4u);
    EXPECT_LE(n, uint64_t(elapsed / 20'000'000));  // one per interval at most, no catch-up
}

TEST(TimedSource, DefaultsAndHeadroom) {
    auto b = build("s :: TimedSource(1ms, LIMIT 1, HEADROOM 100) -> out :: TestCollect; d :: TimedSource -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("d.interval"), "0.500000\n");
    EXPECT_EQ(b.read("d.limit"), "-1\n");
    EXPECT_EQ(b.read("d.headroom"), "64\n");
    b.router->run_for(50'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]->headroom(), 100u);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{std::string(64, '\0')}));
}

TEST(TimedSource, Handlers) {
    auto b = build(
        "s :: TimedSource(2ms, a, LIMIT 2) -> out :: TestCollect; InfiniteSource(ACTIVE false) -> Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("s.count"), "2\n");
    EXPECT_EQ(b.read("s.data"), "a\n");
    EXPECT_EQ(b.write("s.data", "\"b c\""), "");
    EXPECT_EQ(b.read("s.data"), "\"b c\"\n");
    EXPECT_EQ(b.write("s.interval", "later"), "interval: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.read("s.interval"), "0.002000\n");
    EXPECT_EQ(b.write("s.interval", "1ms"), "");
    EXPECT_EQ(b.write("s.headroom", "5000"), "headroom: expected an integer from 0 to 1024");
    EXPECT_EQ(b.read("s.headroom"), "64\n");
    EXPECT_EQ(b.write("s.headroom", "8"), "");
    EXPECT_EQ(b.write("s.reset", ""), "");  // two more
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "a", "b c", "b c"}));
    EXPECT_EQ(b.get<TestCollect>("out")->packets[3]->headroom(), 8u);
    EXPECT_EQ(b.write("s.active", "no"), "");
    EXPECT_EQ(b.read("s.active"), "false\n");
    EXPECT_EQ(b.write("s.limit", "-1"), "");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("s.count"), "2\n");  // reset to 0, two sent, then inactive
    EXPECT_EQ(b.write("s.active", "sometimes"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.write("s.active", "yes"), "");
    b.router->run_for(30'000'000);
    EXPECT_GT(std::stoull(b.read("s.count")), 2u);
}

TEST(TimedSource, BadArguments) {
    EXPECT_EQ(errors_of("s :: TimedSource(soon) -> Discard;"),
              "test.click:1:18: s :: TimedSource: INTERVAL: expected time (for example 1.5s, 10ms, 250us)\n");
    EXPECT_EQ(errors_of("s :: TimedSource(HEADROOM 5000) -> Discard;"),
              "test.click:1:1: s :: TimedSource: HEADROOM must be at most 1024\n");
    EXPECT_EQ(errors_of("s :: TimedSource(1s, a, b) -> Discard;"),
              "test.click:1:25: s :: TimedSource: too many arguments: 'b' is not expected here\n");
}
