// SimpleQueue: FIFO order, capacity, drops (freed or sent to output 1), handlers, hot-swap,
// and no notifiers.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(SimpleQueue, KeepsOrderAndDropsWhenFull) {
    auto b = build("in :: TestInject -> q :: SimpleQueue(3) -> u :: Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    b.get<TestInject>("in")->send("5");
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(b.read("q.drops"), "2\n");
    EXPECT_EQ(b.read("q.highwater_length"), "3\n");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(b.read("q.length"), "0\n");
    EXPECT_EQ(b.read("q.highwater_length"), "3\n");
}

TEST(SimpleQueue, DropsLeaveOnOutputOne) {
    auto b = build("in :: TestInject -> q :: SimpleQueue(2); q[0] -> Idle; q[1] -> dropped :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    b.get<TestInject>("in")->send("d");
    EXPECT_EQ(b.get<TestCollect>("dropped")->data(), (std::vector<std::string>{"c", "d"}));
    EXPECT_EQ(b.read("q.drops"), "2\n");
    EXPECT_EQ(b.read("q.length"), "2\n");
}

TEST(SimpleQueue, HasNoNotifiers) {
    auto b = build("in :: TestInject -> q :: SimpleQueue -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b["q"]->cast(ActiveNotifier::empty_name), nullptr);
    EXPECT_EQ(b["q"]->cast(ActiveNotifier::full_name), nullptr);
    EXPECT_EQ(b.read("q.capacity"), "1000\n");  // the default
}

TEST(SimpleQueue, Handlers) {
    auto b = build("in :: TestInject -> q :: SimpleQueue(5) -> u :: Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    // A smaller capacity keeps the oldest packets and counts the rest as drops.
    EXPECT_EQ(b.write("q.capacity", "2"), "");
    EXPECT_EQ(b.read("q.capacity"), "2\n");
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.read("q.drops"), "2\n");
    // Rejected writes leave everything as it was.
    EXPECT_EQ(b.write("q.capacity", "0"), "capacity: expected 1 to 67108864");
    EXPECT_EQ(b.write("q.capacity", "many"), "capacity: expected integer");
    EXPECT_EQ(b.read("q.capacity"), "2\n");
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.write("q.reset_counts", ""), "");
    EXPECT_EQ(b.read("q.drops"), "0\n");
    EXPECT_EQ(b.read("q.highwater_length"), "2\n");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"1", "2"}));
    b.get<TestInject>("in")->send_batch({"x", "y"});
    EXPECT_EQ(b.write("q.reset", ""), "");
    EXPECT_EQ(b.read("q.length"), "0\n");
    EXPECT_EQ(b.read("q.drops"), "0\n");  // reset frees packets without counting drops
}

TEST(SimpleQueue, HotSwapTakesThePackets) {
    auto old = build("in :: TestInject -> q :: SimpleQueue(10) -> Idle;");
    ASSERT_TRUE(old.router) << old.errors;
    old.get<TestInject>("in")->send_batch({"1", "2", "3"});
    auto next = build("in :: TestInject -> q :: SimpleQueue(2) -> u :: Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(next.router) << next.errors;
    CollectingErrorHandler errh;
    next.router->take_state_from(*old.router, &errh);
    EXPECT_EQ(old.read("q.length"), "0\n");
    EXPECT_EQ(next.read("q.drops"), "1\n");  // "3" did not fit
    next.router->run_for(50'000'000);
    EXPECT_EQ(next.get<TestCollect>("out")->data(), (std::vector<std::string>{"1", "2"}));
}

TEST(SimpleQueue, EmptyPackets) {
    auto b = build("in :: TestInject -> q :: SimpleQueue -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("");
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{""}));
}

TEST(SimpleQueue, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> q :: SimpleQueue(0) -> Idle;"),
              "test.click:1:15: q :: SimpleQueue: CAPACITY must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> q :: SimpleQueue(x) -> Idle;"),
              "test.click:1:32: q :: SimpleQueue: CAPACITY: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> q :: SimpleQueue(100000000) -> Idle;"),
              "test.click:1:15: q :: SimpleQueue: CAPACITY too large (maximum 67108864)\n");
    EXPECT_EQ(errors_of("TestInject -> q :: SimpleQueue(1, 2) -> Idle;"),
              "test.click:1:35: q :: SimpleQueue: too many arguments: '2' is not expected here\n");
}
