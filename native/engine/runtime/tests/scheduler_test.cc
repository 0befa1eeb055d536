// The scheduler: tasks with tickets share fairly, timers fire in order, idle pull paths
// sleep on notifiers, and the router stops on request or when nothing can run.
#include <gtest/gtest.h>

#include "clickos/platform.hh"
#include "testing.hh"

using namespace clickos;
using clickos::testing::build;

TEST(Scheduler, InfiniteSourceWithLimitStops) {
    auto b = build("InfiniteSource(LIMIT 1000, BURST 32, STOP true) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    EXPECT_EQ(b.read("c.count"), "1000\n");
}

TEST(Scheduler, CountCallStop) {
    auto b = build("InfiniteSource(BURST 7) -> c :: Counter(COUNT_CALL 100 stop) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    // The stop request comes with the batch holding packet 100; whole batches of 7 pass.
    EXPECT_EQ(b.read("c.count"), "105\n");
}

TEST(Scheduler, TicketsShareTheCpu) {
    auto b = build(
        "a :: InfiniteSource(BURST 1) -> ca :: Counter -> Discard;\n"
        "z :: InfiniteSource(BURST 1) -> cz :: Counter(COUNT_CALL 30000 stop) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("a.tickets", "2048"), "");
    EXPECT_TRUE(b.router->run_for(10'000'000'000));
    // Stride scheduling: twice the tickets, twice the runs (exactly, give or take one).
    long a = std::stol(b.read("ca.count")), z = std::stol(b.read("cz.count"));
    EXPECT_EQ(z, 30000);
    EXPECT_NEAR(double(a), 2.0 * double(z), 2.0);
}

TEST(Scheduler, IdlePullPathSleeps) {
    // Nothing ever enters the Queue: Unqueue's task must sleep, so the router has nothing
    // to run and stops by itself.
    auto b = build("Idle -> q :: Queue -> u :: Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(2'000'000'000));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(Scheduler, NotifierWakesSleepingTask) {
    auto b = build(
        "s :: InfiniteSource(LIMIT 50, BURST 5, STOP true) -> q :: Queue -> u :: Unqueue(BURST 3) -> c :: Counter -> "
        "Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(5'000'000'000);
    // All 50 went through the queue, then the source stopped the router; the rest is queued.
    long moved = std::stol(b.read("c.count"));
    long queued = std::stol(b.read("q.length"));
    EXPECT_EQ(moved + queued, 50);
    EXPECT_GT(moved, 0);
}

TEST(Scheduler, QueueDropsWhenFull) {
    auto b = build("InfiniteSource(LIMIT 100, BURST 10, STOP true) -> q :: Queue(30) -> Discard(BURST 10);");
    ASSERT_TRUE(b.router) << b.errors;
    // Discard pulls from the queue in pull mode, as many per run as the source pushes, so
    // the queue never holds more than one burst.
    b.router->run_for(5'000'000'000);
    EXPECT_EQ(b.read("q.drops"), "0\n");
    auto full = build("InfiniteSource(LIMIT 100, BURST 10, STOP true) -> q :: Queue(30) -> Discard(ACTIVE false);");
    ASSERT_TRUE(full.router) << full.errors;
    full.router->run_for(5'000'000'000);
    EXPECT_EQ(full.read("q.length"), "30\n");
    EXPECT_EQ(full.read("q.drops"), "70\n");
    EXPECT_EQ(full.read("q.highwater_length"), "30\n");
}

namespace {
struct Order {
    std::vector<int> fired;
};
struct TimerProbe {
    TimerProbe(Order* o, int i) : order(o), id(i) {}
    Order* order;
    int id;
    Timer timer{[](Timer*, void* u) {
                    auto* self = static_cast<TimerProbe*>(u);
                    self->order->fired.push_back(self->id);
                },
                this};
};
}  // namespace

TEST(Scheduler, TimersFireInExpiryOrder) {
    auto b = build("Idle -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Order order;
    std::vector<std::unique_ptr<TimerProbe>> probes;
    int delays[] = {30, 10, 20, 5, 25};
    for (int i = 0; i < 5; ++i) {
        probes.push_back(std::make_unique<TimerProbe>(&order, delays[i]));
        probes.back()->timer.initialize(b.router.get());
        probes.back()->timer.schedule_after_msec(delays[i]);
    }
    probes[2]->timer.unschedule();  // the 20 ms one never fires
    int64_t start = platform::monotonic_ns();
    EXPECT_TRUE(b.router->run_for(2'000'000'000));  // stops once no timer is left
    EXPECT_GE(platform::monotonic_ns() - start, 30'000'000);
    EXPECT_EQ(order.fired, (std::vector<int>{5, 10, 25, 30}));
}

TEST(Scheduler, StopHandlerStopsTheRouter) {
    auto b = build("InfiniteSource -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("stop", ""), "");
    EXPECT_TRUE(b.router->run_for(1'000'000'000));
}
