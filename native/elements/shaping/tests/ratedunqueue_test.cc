// RatedUnqueue and BandwidthRatedUnqueue. Exact counts come from buckets that start full and
// refill too slowly to add a token during the run (RATE 1 per second, or 100 bytes per
// second); real rates are checked with wide bounds only.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
// A router with nothing left to run stops for good; this polling pair keeps it running while
// a test injects packets between runs.
const char* const keep_running = " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";

std::vector<std::string> numbered(int n, size_t length = 1) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back(std::string(length, char('a' + i % 26)));
    return v;
}
}  // namespace

TEST(RatedUnqueue, BurstThenSleepsUntilTheNextToken) {
    auto b = build("in :: TestInject -> q :: Queue -> ru :: RatedUnqueue(1, BURST_SIZE 3) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b", "c", "d", "e"});
    // The full bucket holds 3 packets; the fourth is due one second after start-up.
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(b.read("ru.count"), "3\n");
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.read("ru.scheduled"), "false\n");  // sleeping on its timer, not spinning
}

TEST(RatedUnqueue, SleepsWhileTheQueueIsEmptyAndWakesOnArrival) {
    auto b = build(std::string("in :: TestInject -> q :: Queue -> ru :: RatedUnqueue(1000) -> out :: TestCollect;") +
                   keep_running);
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("ru.scheduled"), "false\n");
    b.get<TestInject>("in")->send_batch({"x", "y"});
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x", "y"}));
}

TEST(RatedUnqueue, RateOverHalfASecond) {
    auto b = build("in :: TestInject -> q :: Queue(5000) -> ru :: RatedUnqueue(1000) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(numbered(2000));
    b.router->run_for(500'000'000);
    // 1000 per second for 0.5 s, plus the 20 ms the bucket starts with: about 520.
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 300u);
    EXPECT_LE(n, 700u);
}

TEST(RatedUnqueue, ZeroRatePassesNothing) {
    auto b = build("in :: TestInject -> q :: Queue -> ru :: RatedUnqueue(0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b"});
    b.router->run_for(30'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("ru.scheduled"), "false\n");
}

TEST(RatedUnqueue, Handlers) {
    auto b = build(
        std::string("in :: TestInject -> q :: Queue -> ru :: RatedUnqueue(0, ACTIVE false) -> out :: TestCollect;") +
        keep_running);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("ru.rate"), "0\n");
    EXPECT_EQ(b.read("ru.active"), "false\n");
    EXPECT_EQ(b.write("ru.rate", "fast"), "rate: expected integer");
    EXPECT_EQ(b.write("ru.active", "maybe"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("ru.rate"), "0\n");
    EXPECT_EQ(b.read("ru.active"), "false\n");
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    EXPECT_EQ(b.write("ru.rate", "1000"), "");
    EXPECT_EQ(b.read("ru.rate"), "1000\n");
    b.router->run_for(20'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());  // still inactive
    EXPECT_EQ(b.write("ru.active", "true"), "");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(b.read("ru.count"), "3\n");
    EXPECT_EQ(b.write("ru.reset", ""), "");
    EXPECT_EQ(b.read("ru.count"), "0\n");
}

TEST(RatedUnqueue, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: RatedUnqueue -> Discard;"),
              "test.click:1:29: ru :: RatedUnqueue: missing mandatory RATE argument\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: RatedUnqueue(-5) -> Discard;"),
              "test.click:1:48: ru :: RatedUnqueue: RATE: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: RatedUnqueue(5, BURST_SIZE 0) -> Discard;"),
              "test.click:1:29: ru :: RatedUnqueue: BURST_SIZE must be at least 1\n");
    EXPECT_EQ(
        errors_of("TestInject -> q :: Queue -> ru :: RatedUnqueue(5, BURST_SIZE 2, BURST_DURATION 1s) -> Discard;"),
        "test.click:1:29: ru :: RatedUnqueue: BURST_DURATION and BURST_SIZE are mutually exclusive\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: RatedUnqueue(5, BURST_BYTES 2) -> Discard;"),
              "test.click:1:51: ru :: RatedUnqueue: unknown keyword 'BURST_BYTES'\n");
}

TEST(BandwidthRatedUnqueue, ChargesWholePacketsAgainstTheBucket) {
    auto b = build(
        "in :: TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(100, BURST_BYTES 250) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(numbered(5, 100));
    // 250 bytes of credit: 250 -> 150 -> 50 -> -50, so three 100-byte packets pass; the
    // fourth waits for 51 bytes at 100 bytes per second (0.51 s).
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 3u);
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.read("ru.scheduled"), "false\n");
}

TEST(BandwidthRatedUnqueue, RateOverHalfASecond) {
    auto b = build(
        "in :: TestInject -> q :: Queue(5000) -> ru :: BandwidthRatedUnqueue(800kbps) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(numbered(500, 1000));
    b.router->run_for(500'000'000);
    // 800 kbps = 100000 bytes per second = 100 packets of 1000 bytes; 0.5 s gives about 50,
    // plus the 2000 bytes the bucket starts with.
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 25u);
    EXPECT_LE(n, 80u);
}

TEST(BandwidthRatedUnqueue, Handlers) {
    auto b = build("in :: TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(1kBps) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("ru.rate"), "1000Bps\n");
    EXPECT_EQ(b.write("ru.rate", "8kbps"), "");
    EXPECT_EQ(b.read("ru.rate"), "1000Bps\n");
    EXPECT_EQ(b.write("ru.rate", "16kbps"), "");
    EXPECT_EQ(b.read("ru.rate"), "2000Bps\n");
    EXPECT_EQ(b.write("ru.rate", "fast"), "rate: expected bandwidth (for example 10Mbps, 1MBps)");
    EXPECT_EQ(b.read("ru.rate"), "2000Bps\n");
    EXPECT_EQ(b.write("ru.rate", "1bps"), "");  // an eighth of a byte per second: at least 1
    EXPECT_EQ(b.read("ru.rate"), "1Bps\n");
}

TEST(BandwidthRatedUnqueue, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(fast) -> Discard;"),
              "test.click:1:57: ru :: BandwidthRatedUnqueue: RATE: expected bandwidth (for example 10Mbps, 1MBps)\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(1Mbps, BURST_BYTES 0) -> Discard;"),
              "test.click:1:29: ru :: BandwidthRatedUnqueue: BURST_BYTES must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(1Mbps, BURST_SIZE 4) -> Discard;"),
              "test.click:1:64: ru :: BandwidthRatedUnqueue: unknown keyword 'BURST_SIZE'\n");
}

TEST(RatedUnqueue, EmptyPackets) {
    auto b = build("in :: TestInject -> q :: Queue -> ru :: BandwidthRatedUnqueue(1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"", "", ""});  // zero bytes cost nothing
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 3u);
}
