// SetTimestamp: a given time is stored exactly; without one, the wall-clock time.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(SetTimestamp, GivenTime) {
    auto b = build(
        "in :: TestInject -> SetTimestamp(1000000000.25) -> a :: TestCollect;"
        "in2 :: TestInject -> SetTimestamp(TIMESTAMP 7.000000001) -> c :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"x", "y"});
    b.get<TestInject>("in2")->send("z");
    for (Packet* p : b.get<TestCollect>("a")->packets) EXPECT_EQ(p->timestamp_anno().ns, 1000000000250000000);
    EXPECT_EQ(b.get<TestCollect>("c")->packets[0]->timestamp_anno().ns, 7000000001);
}

TEST(SetTimestamp, NowByDefault) {
    auto b = build("in :: TestInject -> SetTimestamp -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp before = Timestamp::now();
    b.get<TestInject>("in")->send("x");
    Timestamp after = Timestamp::now();
    Timestamp t = b.get<TestCollect>("out")->packets[0]->timestamp_anno();
    EXPECT_LE(before, t);
    EXPECT_LE(t, after);
}

TEST(SetTimestamp, TimestampHandler) {
    auto b = build("in :: TestInject -> s :: SetTimestamp -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.timestamp"), "now\n");
    EXPECT_EQ(b.write("s.timestamp", "12.5"), "");
    EXPECT_EQ(b.read("s.timestamp"), "12.500000000\n");
    EXPECT_EQ(b.write("s.timestamp", "12.5.1"), "timestamp: expected seconds since 1970, found '12.5.1'");
    EXPECT_EQ(b.read("s.timestamp"), "12.500000000\n");
    b.get<TestInject>("in")->send("x");
    EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->timestamp_anno().ns, 12500000000);
    EXPECT_EQ(b.write("s.timestamp", "now"), "");
    EXPECT_EQ(b.read("s.timestamp"), "now\n");
}

TEST(SetTimestamp, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> SetTimestamp(yesterday) -> TestCollect;"),
              "test.click:1:28: SetTimestamp@2 :: SetTimestamp: TIMESTAMP: expected seconds since 1970, found "
              "'yesterday'\n");
    EXPECT_EQ(errors_of("TestInject -> SetTimestamp(FIRST true) -> TestCollect;"),
              "test.click:1:15: SetTimestamp@2 :: SetTimestamp: FIRST true is not supported: packets have no "
              "first-timestamp annotation\n");
    EXPECT_EQ(errors_of("TestInject -> SetTimestamp(DELTA true) -> TestCollect;"),
              "test.click:1:15: SetTimestamp@2 :: SetTimestamp: DELTA true is not supported: packets have no "
              "first-timestamp annotation\n");
    EXPECT_EQ(errors_of("TestInject -> SetTimestamp(FIRST false, DELTA false) -> TestCollect;"), "");
}
