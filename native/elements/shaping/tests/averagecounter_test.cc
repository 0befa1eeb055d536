// AverageCounter: counts from injected packets; rates from record() with explicit times, so
// the expected averages are plain arithmetic.
#include "shaping/averagecounter.hh"

#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
constexpr int64_t sec = 1'000'000'000;
}

TEST(AverageCounter, CountsPacketsAndBytesUnchanged) {
    auto b = build("in :: TestInject -> c :: AverageCounter -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("1234");
    b.get<TestInject>("in")->send_batch({"12", "123456", ""});
    EXPECT_EQ(b.read("c.count"), "4\n");
    EXPECT_EQ(b.read("c.byte_count"), "12\n");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"1234", "12", "123456", ""}));
}

TEST(AverageCounter, RateIsCountOverTheTimeBetweenFirstAndLast) {
    auto b = build("in :: TestInject -> c :: AverageCounter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* c = b.get<AverageCounter>("c");
    c->record(10 * sec, 1, 100);
    EXPECT_EQ(b.read("c.rate"), "0\n");  // one packet: no time between first and last
    c->record(10 * sec + sec / 2, 1, 100);
    c->record(12 * sec, 2, 300);
    // 4 packets and 500 bytes over 2 seconds.
    EXPECT_EQ(b.read("c.count"), "4\n");
    EXPECT_EQ(b.read("c.rate"), "2\n");
    EXPECT_EQ(b.read("c.byte_rate"), "250\n");
    c->record(18 * sec, 2, 100);  // 6 packets, 600 bytes over 8 seconds
    EXPECT_EQ(b.read("c.rate"), "0.75\n");
    EXPECT_EQ(b.read("c.byte_rate"), "75\n");
}

TEST(AverageCounter, IgnoreSkipsTheFirstSeconds) {
    auto b = build("in :: TestInject -> c :: AverageCounter(IGNORE 1) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* c = b.get<AverageCounter>("c");
    c->record(5 * sec, 10, 1000);            // the first packet starts the ignored second
    c->record(5 * sec + sec / 2, 10, 1000);  // still inside it
    EXPECT_EQ(b.read("c.count"), "0\n");
    c->record(6 * sec, 1, 10);  // counted from here
    c->record(8 * sec, 3, 30);
    EXPECT_EQ(b.read("c.count"), "4\n");
    EXPECT_EQ(b.read("c.byte_count"), "40\n");
    EXPECT_EQ(b.read("c.rate"), "2\n");  // 4 packets over 6 s .. 8 s
}

TEST(AverageCounter, ResetStartsANewMeasurement) {
    auto b = build("in :: TestInject -> c :: AverageCounter(IGNORE 1) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* c = b.get<AverageCounter>("c");
    c->record(1 * sec, 1, 1);
    c->record(3 * sec, 1, 1);
    c->record(4 * sec, 1, 1);
    EXPECT_EQ(b.read("c.count"), "2\n");
    EXPECT_EQ(b.write("c.reset", ""), "");
    EXPECT_EQ(b.read("c.count"), "0\n");
    EXPECT_EQ(b.read("c.byte_count"), "0\n");
    EXPECT_EQ(b.read("c.rate"), "0\n");
    // IGNORE applies again from the next packet.
    c->record(10 * sec, 1, 1);
    c->record(11 * sec, 1, 1);
    c->record(13 * sec, 1, 1);
    EXPECT_EQ(b.read("c.count"), "2\n");
    EXPECT_EQ(b.read("c.rate"), "1\n");
}

TEST(AverageCounter, PullModeAndRealTime) {
    auto b = build("in :: TestInject -> q :: Queue -> c :: AverageCounter -> u :: Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"ab", "cd"});
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("c.count"), "2\n");
    EXPECT_EQ(b.read("c.byte_count"), "4\n");
    EXPECT_EQ(b.write("c.count", "5"), "handler 'c.count' is not writable");
}

TEST(AverageCounter, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> c :: AverageCounter(IGNORE soon) -> Discard;"),
              "test.click:1:35: c :: AverageCounter: IGNORE: expected time (for example 1.5s, 10ms, 250us)\n");
    EXPECT_EQ(errors_of("TestInject -> c :: AverageCounter(1, 2) -> Discard;"),
              "test.click:1:38: c :: AverageCounter: too many arguments: '2' is not expected here\n");
}

TEST(AverageCounter, HotSwapContinuesTheMeasurement) {
    auto a = build("in :: TestInject -> c :: AverageCounter -> Discard;");
    ASSERT_TRUE(a.router) << a.errors;
    a.get<AverageCounter>("c")->record(10 * sec, 2, 200);
    a.get<AverageCounter>("c")->record(11 * sec, 2, 200);
    auto b = build("in :: TestInject -> Null -> c :: AverageCounter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    CollectingErrorHandler errh;
    b.router->take_state_from(*a.router, &errh);
    EXPECT_EQ(b.read("c.count"), "4\n");
    // The measurement goes on from the old first packet: 8 packets over 10 .. 14 s.
    b.get<AverageCounter>("c")->record(14 * sec, 4, 400);
    EXPECT_EQ(b.read("c.count"), "8\n");
    EXPECT_EQ(b.read("c.byte_count"), "800\n");
    EXPECT_EQ(b.read("c.rate"), "2\n");
}
