// BandwidthShaper: exact counts from a slow byte rate (a packet's debt takes longer than the
// run to pay back), sleeping through its empty notifier, and wide bounds on a real rate.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
// A router with nothing left to run stops for good; this polling pair keeps it running while
// a test injects packets between runs.
const char* const keep_running = " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";
}  // namespace

TEST(BandwidthShaper, OnePacketThenWaitsForItsBytes) {
    auto b =
        build("in :: TestInject -> q :: Queue -> s :: BandwidthShaper(100) -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({std::string(50, 'a'), std::string(50, 'b'), std::string(50, 'c')});
    // 100 bytes per second with 2 bytes of credit (20 ms): the first packet leaves 48 bytes
    // of debt, so the second waits 0.49 s.
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{std::string(50, 'a')}));
    EXPECT_EQ(b.read("q.length"), "2\n");
    // Unqueue sleeps on the shaper's notifier instead of pulling in a loop.
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    auto* note = static_cast<ActiveNotifier*>(b["s"]->cast(ActiveNotifier::empty_name));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->active());
}

TEST(BandwidthShaper, WakesThePullerWhenPacketsArrive) {
    auto b = build(
        std::string(
            "in :: TestInject -> q :: Queue -> s :: BandwidthShaper(1MBps) -> u :: Unqueue -> out :: TestCollect;") +
        keep_running);
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");  // nothing upstream: asleep
    b.get<TestInject>("in")->send_batch({"x", "y"});
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x", "y"}));
}

TEST(BandwidthShaper, RateOverHalfASecond) {
    auto b = build(
        "in :: TestInject -> q :: Queue(1000) -> s :: BandwidthShaper(100kBps) -> u :: Unqueue(BURST 8) -> c :: "
        "Counter "
        "-> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(200, std::string(1000, 'p')));
    b.router->run_for(500'000'000);
    // 100 packets of 1000 bytes per second: about 50 in 0.5 s (plus 2 from the start-up credit).
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 25u);
    EXPECT_LE(n, 80u);
}

TEST(BandwidthShaper, PullBatchStopsWhenCreditRunsOut) {
    auto b = build(
        "in :: TestInject -> q :: Queue -> s :: BandwidthShaper(100) -> u :: Unqueue(BURST 32) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // Zero-byte packets cost nothing; the 50-byte one spends the credit (48 bytes of debt,
    // 0.49 s to pay back) and the rest wait.
    b.get<TestInject>("in")->send_batch({"", "", std::string(50, 'z'), "", "last"});
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"", "", std::string(50, 'z')}));
}

TEST(BandwidthShaper, Handlers) {
    auto b =
        build("in :: TestInject -> q :: Queue -> s :: BandwidthShaper(100) -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.rate"), "100Bps\n");
    EXPECT_EQ(b.write("s.rate", "slow"), "rate: expected bandwidth (for example 10Mbps, 1MBps)");
    EXPECT_EQ(b.read("s.rate"), "100Bps\n");
    EXPECT_EQ(b.write("s.rate", "80kbps"), "");
    EXPECT_EQ(b.read("s.rate"), "10000Bps\n");
}

TEST(BandwidthShaper, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> s :: BandwidthShaper -> Discard;"),
              "test.click:1:29: s :: BandwidthShaper: missing mandatory RATE argument\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> s :: BandwidthShaper(10furlongs) -> Discard;"),
              "test.click:1:50: s :: BandwidthShaper: RATE: unknown bandwidth unit 'furlongs' (use bps or Bps)\n");
}
