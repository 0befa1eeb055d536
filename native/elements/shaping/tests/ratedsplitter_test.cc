// RatedSplitter: a batch is split against one clock reading, so the bucket contents decide
// exactly; a slow rate (1 per second) keeps later single packets deterministic too.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const char* config(const std::string& args) {
    static std::string s;
    s = "in :: TestInject -> rs :: RatedSplitter(" + args +
        "); rs[0] -> ok :: TestCollect; rs[1] -> over :: TestCollect;";
    return s.c_str();
}
}  // namespace

TEST(RatedSplitter, FirstPacketsOfABurstGoToOutputZero) {
    auto b = build(config("1, BURST_SIZE 5"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b", "c", "d", "e", "f", "g", "h"});
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    EXPECT_EQ(b.get<TestCollect>("over")->data(), (std::vector<std::string>{"f", "g", "h"}));
    // The next token is a second away.
    b.get<TestInject>("in")->send("i");
    EXPECT_EQ(b.get<TestCollect>("over")->data().back(), "i");
    EXPECT_EQ(b.get<TestCollect>("ok")->packets.size(), 5u);
}

TEST(RatedSplitter, SinglePacketsUseTheBucketToo) {
    auto b = build(config("1, BURST_SIZE 2"));
    ASSERT_TRUE(b.router) << b.errors;
    for (const char* s : {"1", "2", "3"}) b.get<TestInject>("in")->send(s);
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(b.get<TestCollect>("over")->data(), (std::vector<std::string>{"3"}));
}

TEST(RatedSplitter, DefaultBucketHoldsTwentyMilliseconds) {
    auto b = build(config("1000"));  // 1000 per second x 20 ms = 20 packets
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(30, "p"));
    EXPECT_EQ(b.get<TestCollect>("ok")->packets.size(), 20u);
    EXPECT_EQ(b.get<TestCollect>("over")->packets.size(), 10u);
}

TEST(RatedSplitter, ZeroRateSendsEverythingToOutputOne) {
    auto b = build(config("0"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b"});
    b.get<TestInject>("in")->send("");
    EXPECT_TRUE(b.get<TestCollect>("ok")->packets.empty());
    EXPECT_EQ(b.get<TestCollect>("over")->data(), (std::vector<std::string>{"a", "b", ""}));
}

TEST(RatedSplitter, RateOverAQuarterSecond) {
    auto b = build(
        "InfiniteSource(BURST 8) -> rs :: RatedSplitter(1000); rs[0] -> ok :: Counter -> Discard; "
        "rs[1] -> over :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(250'000'000);
    // 1000 per second for 0.25 s plus the 20 the bucket starts with: about 270.
    uint64_t n = std::stoull(b.read("ok.count"));
    EXPECT_GE(n, 120u);
    EXPECT_LE(n, 400u);
    EXPECT_GT(std::stoull(b.read("over.count")), n);  // the source is far faster
}

TEST(RatedSplitter, Handlers) {
    auto b = build(config("0"));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("rs.rate"), "0\n");
    EXPECT_EQ(b.write("rs.rate", "lots"), "rate: expected integer");
    EXPECT_EQ(b.read("rs.rate"), "0\n");
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.get<TestCollect>("over")->packets.size(), 1u);
    EXPECT_EQ(b.write("rs.rate", "1"), "");
    EXPECT_EQ(b.read("rs.rate"), "1\n");
}

TEST(RatedSplitter, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> rs :: RatedSplitter; rs[0] -> Discard; rs[1] -> Discard;"),
              "test.click:1:15: rs :: RatedSplitter: missing mandatory RATE argument\n");
    EXPECT_EQ(errors_of("TestInject -> rs :: RatedSplitter(1.5); rs[0] -> Discard; rs[1] -> Discard;"),
              "test.click:1:35: rs :: RatedSplitter: RATE: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> rs :: RatedSplitter(5, BURST_SIZE 0); rs[0] -> Discard; rs[1] -> Discard;"),
              "test.click:1:15: rs :: RatedSplitter: BURST_SIZE must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> rs :: RatedSplitter(5, BURST_DURATION x); rs[0] -> Discard; rs[1] -> Discard;"),
              "test.click:1:38: rs :: RatedSplitter: BURST_DURATION: expected time (for example 1.5s, 10ms, 250us)\n");
}
