// RandomSource: packet count, length, timestamps and random contents, from its documentation.
#include <gtest/gtest.h>

#include <set>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(RandomSource, PushesLimitPacketsOfLength) {
    auto b = build("s :: RandomSource(37, LIMIT 20, BURST 4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp before = Timestamp::now();
    b.router->run_for(100'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 20u);
    std::set<std::string> distinct;
    for (Packet* p : got) {
        EXPECT_EQ(p->length(), 37u);
        EXPECT_FALSE(p->timestamp_anno() < before);
        distinct.insert(std::string(reinterpret_cast<const char*>(p->data()), p->length()));
    }
    // 296 random bits each: equal packets, or an all-zero one, mean the bytes are not random.
    EXPECT_EQ(distinct.size(), 20u);
    EXPECT_EQ(distinct.count(std::string(37, '\0')), 0u);
    EXPECT_EQ(b.read("s.count"), "20\n");
}

TEST(RandomSource, Headroom) {
    auto b = build("RandomSource(LENGTH 10, LIMIT 1, HEADROOM 256) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_GE(b.get<TestCollect>("out")->packets[0]->headroom(), 256u);
    auto big = build("RandomSource(65535, LIMIT 1, HEADROOM 1024) -> out :: TestCollect;");  // beyond a pool buffer
    ASSERT_TRUE(big.router) << big.errors;
    big.router->run_for(50'000'000);
    ASSERT_EQ(big.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(big.get<TestCollect>("out")->packets[0]->length(), 65535u);
    EXPECT_EQ(errors_of("RandomSource(10, HEADROOM 2000) -> TestCollect;"),
              "test.click:1:1: RandomSource@1 :: RandomSource: HEADROOM must be at most 1024\n");
}

TEST(RandomSource, PullModeHandlersAndZeroLength) {
    auto b = build("s :: RandomSource(0) -> u :: Unqueue(LIMIT 3) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0]->length(), 0u);
    EXPECT_EQ(b.read("s.length"), "0\n");
    EXPECT_EQ(b.write("s.length", "65536"), "length: must be at most 65535");
    EXPECT_EQ(b.write("s.length", "5"), "");
    EXPECT_EQ(b.read("s.active"), "true\n");

    auto c = build("s :: RandomSource(8, LIMIT 2, ACTIVE false) -> out :: TestCollect;");
    ASSERT_TRUE(c.router) << c.errors;
    c.router->run_for(20'000'000);
    EXPECT_TRUE(c.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(c.write("s.active", "true"), "");
    c.router->run_for(50'000'000);
    EXPECT_EQ(c.get<TestCollect>("out")->packets.size(), 2u);
    EXPECT_EQ(c.write("s.reset", ""), "");
    c.router->run_for(50'000'000);
    EXPECT_EQ(c.get<TestCollect>("out")->packets.size(), 4u);
}

TEST(RandomSource, BadArguments) {
    EXPECT_EQ(errors_of("RandomSource -> TestCollect;"),
              "test.click:1:1: RandomSource@1 :: RandomSource: missing mandatory LENGTH argument\n");
    EXPECT_EQ(errors_of("RandomSource(70000) -> TestCollect;"),
              "test.click:1:1: RandomSource@1 :: RandomSource: LENGTH must be at most 65535\n");
    EXPECT_EQ(errors_of("RandomSource(10, BURST 0) -> TestCollect;"),
              "test.click:1:1: RandomSource@1 :: RandomSource: BURST must be at least 1\n");
    EXPECT_EQ(errors_of("RandomSource(ten) -> TestCollect;"),
              "test.click:1:14: RandomSource@1 :: RandomSource: LENGTH: expected integer\n");
}
