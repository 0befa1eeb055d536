// Suppressor, Burster, Error: behaviour from their documentation.
#include <gtest/gtest.h>

#include "standard/burster.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

using Strings = std::vector<std::string>;

TEST(Suppressor, PassesPortToPortUnlessSuppressed) {
    auto b = build(
        "a :: TestInject -> [0] s :: Suppressor [0] -> oa :: TestCollect; b :: TestInject -> [1] s [1] -> ob :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* a = b.get<TestInject>("a");
    auto* in_b = b.get<TestInject>("b");
    a->send("a1");
    in_b->send("b1");
    EXPECT_EQ(b.read("s.active1"), "true\n");
    EXPECT_EQ(b.write("s.active1", "false"), "");
    EXPECT_EQ(b.read("s.active1"), "false\n");
    a->send("a2");
    in_b->send("b2");  // suppressed: dropped
    in_b->send_batch({"b3", "b4"});
    a->send_batch({"a3"});
    EXPECT_EQ(b.write("s.reset", ""), "");
    in_b->send("b5");
    EXPECT_EQ(b.get<TestCollect>("oa")->data(), (Strings{"a1", "a2", "a3"}));
    EXPECT_EQ(b.get<TestCollect>("ob")->data(), (Strings{"b1", "b5"}));
    EXPECT_EQ(b.write("s.active0", "perhaps"), "active0: expected boolean (true/false)");
    EXPECT_EQ(b.read("s.active2"), "ERROR: element 's' has no handler 'active2'");
}

TEST(Suppressor, SuppressedPullReturnsNothingAndLeavesTheQueue) {
    auto b = build("in :: TestInject -> q :: Queue -> s :: Suppressor -> Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("s.active0", "false"), "");
    b.get<TestInject>("in")->send_batch({"1", "2", "3"});
    b.router->run_for(20'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(b.write("s.active0", "true"), "");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"1", "2", "3"}));
}

TEST(Burster, EachBurstPullsAtMostN) {
    auto b = build("in :: TestInject -> q :: Queue -> bu :: Burster(1h, 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4", "5"});
    auto* burster = b.get<Burster>("bu");
    burster->run_timer(nullptr);  // one interval's burst, without waiting an hour
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"1", "2"}));
    burster->run_timer(nullptr);
    burster->run_timer(nullptr);  // only one left
    burster->run_timer(nullptr);  // empty input: nothing
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"1", "2", "3", "4", "5"}));
    EXPECT_EQ(b.read("q.length"), "0\n");
}

TEST(Burster, TimerDrivesItAndHandlers) {
    auto b = build("in :: TestInject -> q :: Queue -> bu :: Burster(0.001, 3) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4", "5", "6", "7"});
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"1", "2", "3", "4", "5", "6", "7"}));
    EXPECT_EQ(b.read("bu.interval"), "0.001\n");
    EXPECT_EQ(b.read("bu.burst"), "3\n");
    EXPECT_EQ(b.write("bu.burst", "0"), "burst: must be at least 1");
    EXPECT_EQ(b.write("bu.interval", "0"), "interval: must be more than zero");
    EXPECT_EQ(b.write("bu.interval", "20ms"), "");
    EXPECT_EQ(b.read("bu.interval"), "0.02\n");
}

TEST(Burster, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Queue -> Burster(1) -> TestCollect;"),
              "test.click:1:24: Burster@3 :: Burster: missing mandatory N argument\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> Burster(0, 1) -> TestCollect;"),
              "test.click:1:24: Burster@3 :: Burster: I must be more than zero\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> Burster(1, 0) -> TestCollect;"),
              "test.click:1:24: Burster@3 :: Burster: N must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> Burster(soon, 1) -> TestCollect;"),
              "test.click:1:32: Burster@3 :: Burster: I: expected time (for example 1.5s, 10ms, 250us)\n");
}

TEST(Error, AcceptsAnythingThenFailsToInitialize) {
    std::string errors = errors_of("TestInject -> e :: Error(anything, GOES 1 2 3) -> TestCollect; e[1] -> Discard;");
    EXPECT_EQ(errors, "test.click:1:15: e :: Error: Error element: the configuration is not meant to run\n");
    EXPECT_FALSE(build("Error;").router);
}
