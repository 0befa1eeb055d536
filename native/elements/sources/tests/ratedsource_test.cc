// RatedSource in push and pull mode. Exact counts come from LIMIT or from a bucket that
// cannot refill during the run (RATE 2 per second holds one packet); real rates get wide
// bounds only.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(RatedSource, PushesLimitPacketsThenStops) {
    auto b = build("s :: RatedSource(\"ab\", 1000, 5, STOP true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(2'000'000'000));  // STOP ends the run
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>(5, "ab")));
    EXPECT_EQ(b.read("s.count"), "5\n");
}

TEST(RatedSource, PushRateOverHalfASecond) {
    auto b = build("s :: RatedSource(RATE 1000) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(500'000'000);
    // 1000 per second for 0.5 s, plus the 20 packets (20 ms) the bucket starts with.
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 300u);
    EXPECT_LE(n, 700u);
}

TEST(RatedSource, PushModeSleepsBetweenPackets) {
    auto b = build("s :: RatedSource(RATE 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // The bucket holds one packet (0.04 of a packet is less than one); the next is due at 0.5 s.
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.read("s.scheduled"), "false\n");  // waiting on its timer
}

TEST(RatedSource, PullModeLimitAndSleep) {
    auto b = build("s :: RatedSource(DATA x, RATE 1000, LIMIT 50) -> u :: Unqueue(BURST 32) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(300'000'000);  // 20 at once, the other 30 within 30 ms
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>(50, "x")));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");  // LIMIT reached: the notifier lets it sleep
    auto* note = static_cast<ActiveNotifier*>(b["s"]->cast(ActiveNotifier::empty_name));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->active());
}

TEST(RatedSource, PullModeWaitsForTheNextPacket) {
    auto b = build("s :: RatedSource(RATE 2) -> u :: Unqueue(BURST 32) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(RatedSource, DataLengthAndDefaults) {
    auto b = build(
        "a :: RatedSource(abc, LENGTH 7, LIMIT 1) -> oa :: TestCollect;"
        "b :: RatedSource(abc, DATASIZE 2, LIMIT 1) -> ob :: TestCollect;"
        "c :: RatedSource(LIMIT 1) -> oc :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("oa")->data(), (std::vector<std::string>{"abcabca"}));
    EXPECT_EQ(b.get<TestCollect>("ob")->data(), (std::vector<std::string>{"ab"}));
    EXPECT_EQ(b.get<TestCollect>("oc")->data(), (std::vector<std::string>{std::string(64, '\0')}));
    EXPECT_EQ(b.read("c.rate"), "10\n");
    EXPECT_EQ(b.read("c.limit"), "1\n");
    EXPECT_EQ(b.read("c.active"), "true\n");
}

TEST(RatedSource, BandwidthSetsTheRate) {
    auto b = build("s :: RatedSource(\"0123456789\", BANDWIDTH 8kbps, ACTIVE false) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.rate"), "100\n");  // 1000 bytes per second in 10-byte packets
}

TEST(RatedSource, PacketsAreClonesOfOnePacket) {
    auto b = build("s :: RatedSource(hello, 1000, 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(got[0]->shared());
    EXPECT_EQ(got[0]->data(), got[1]->data());  // the same bytes
    // Writing needs a private copy, which leaves the other packets alone.
    got[0] = got[0]->uniqueify();
    ASSERT_NE(got[0], nullptr);
    got[0]->mutable_data()[0] = 'j';
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"jello", "hello"}));
}

TEST(RatedSource, Handlers) {
    auto b = build(
        "s :: RatedSource(a, 1000, 2) -> out :: TestCollect; InfiniteSource(ACTIVE false) -> Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("s.count"), "2\n");
    EXPECT_EQ(b.write("s.data", "\"bb\""), "");
    EXPECT_EQ(b.read("s.data"), "bb\n");
    EXPECT_EQ(b.write("s.length", "-5"), "length: expected an integer from -1 to 65535");
    EXPECT_EQ(b.write("s.length", "3"), "");
    EXPECT_EQ(b.read("s.datasize"), "3\n");
    EXPECT_EQ(b.write("s.reset", ""), "");  // two more
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "a", "bbb", "bbb"}));
    EXPECT_EQ(b.write("s.rate", "quick"), "rate: expected integer");
    EXPECT_EQ(b.read("s.rate"), "1000\n");
    EXPECT_EQ(b.write("s.active", "perhaps"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.write("s.active", "false"), "");
    EXPECT_EQ(b.write("s.limit", "10"), "");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("s.count"), "2\n");  // reset to 0, two sent, then inactive
    EXPECT_EQ(b.write("s.active", "true"), "");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("s.count"), "10\n");
    EXPECT_EQ(b.write("s.limit", "x"), "limit: expected integer");
    EXPECT_EQ(b.read("s.limit"), "10\n");
}

TEST(RatedSource, ZeroRateSendsNothing) {
    auto b = build("s :: RatedSource(RATE 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(30'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
}

TEST(RatedSource, BadArguments) {
    EXPECT_EQ(errors_of("s :: RatedSource(RATE -1) -> Discard;"),
              "test.click:1:18: s :: RatedSource: RATE: expected unsigned integer\n");
    EXPECT_EQ(errors_of("s :: RatedSource(LENGTH 70000) -> Discard;"),
              "test.click:1:1: s :: RatedSource: LENGTH must be at most 65535\n");
    EXPECT_EQ(errors_of("s :: RatedSource(RATE 5, BANDWIDTH 1Mbps) -> Discard;"),
              "test.click:1:1: s :: RatedSource: RATE and BANDWIDTH are mutually exclusive\n");
    EXPECT_EQ(errors_of("s :: RatedSource(\"\", BANDWIDTH 1Mbps) -> Discard;"),
              "test.click:1:1: s :: RatedSource: BANDWIDTH needs a packet length above zero\n");
    EXPECT_EQ(errors_of("s :: RatedSource(a, 1, 2, maybe) -> Discard;"),
              "test.click:1:27: s :: RatedSource: ACTIVE: expected boolean (true/false)\n");
}
