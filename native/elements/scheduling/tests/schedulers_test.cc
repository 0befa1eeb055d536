// RoundRobinSched, PrioSched, StrideSched and TimeSortedSched: the order packets leave in,
// derived by hand from each element's rule, and sleeping while every input is dry.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const char* const keep_running = " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";

// Three queues q0..q2 fed by i0..i2 into `sched`, drained by u :: Unqueue into out.
std::string three_queues(const std::string& sched) {
    std::string s = "s :: " + sched + " -> u :: Unqueue(BURST 4) -> out :: TestCollect;";
    for (int i = 0; i < 3; ++i) {
        std::string n = std::to_string(i);
        s += " i" + n + " :: TestInject -> q" + n + " :: Queue -> [" + n + "] s;";
    }
    return s + keep_running;
}

Packet* stamped(const std::string& s, int64_t sec) {
    Packet* p = TestInject::make(s);
    p->set_timestamp_anno(Timestamp::from_sec(double(sec)));
    return p;
}
}  // namespace

TEST(RoundRobinSched, TakesInputsInTurnSkippingEmptyOnes) {
    auto b = build(three_queues("RoundRobinSched"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i0")->send_batch({"a1", "a2", "a3"});
    b.get<TestInject>("i1")->send_batch({"b1"});
    b.get<TestInject>("i2")->send_batch({"c1", "c2"});
    b.router->run_for(30'000'000);
    // Turns 0,1,2,0, then 1 is empty so 2, then 0.
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a1", "b1", "c1", "a2", "c2", "a3"}));
    // Every input dry: the puller sleeps on the queues' notifiers, and wakes for any of them.
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    b.get<TestInject>("i1")->send("b2");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data().back(), "b2");
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(RoundRobinSched, NextPullStartsAfterTheLastInputThatGaveAPacket) {
    auto b = build(
        "i0 :: TestInject -> q0 :: Queue -> [0] s :: RoundRobinSched -> Idle; i1 :: TestInject -> q1 :: Queue -> [1] "
        "s;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i0")->send_batch({"a1", "a2"});
    auto pull = [&] {
        Packet* p = b["s"]->pull(0);
        if (!p) return std::string("(none)");
        std::string s(reinterpret_cast<const char*>(p->data()), p->length());
        p->kill();
        return s;
    };
    EXPECT_EQ(pull(), "a1");  // next is input 1
    b.get<TestInject>("i1")->send("b1");
    EXPECT_EQ(pull(), "b1");  // input 1's turn
    EXPECT_EQ(pull(), "a2");
    EXPECT_EQ(pull(), "(none)");
}

TEST(PrioSched, LowerInputsGoFirst) {
    auto b = build(three_queues("PrioSched"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i2")->send_batch({"c1", "c2"});
    b.get<TestInject>("i1")->send_batch({"b1", "b2"});
    b.get<TestInject>("i0")->send_batch({"a1"});
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a1", "b1", "b2", "c1", "c2"}));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    b.get<TestInject>("i2")->send("c3");
    b.get<TestInject>("i0")->send("a2");
    b.router->run_for(30'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 7u);
    EXPECT_EQ(got[5], "a2");
    EXPECT_EQ(got[6], "c3");
}

TEST(StrideSched, ServesInputsInProportionToTickets) {
    auto b = build(
        "s :: StrideSched(3, 1) -> u :: Unqueue(BURST 4) -> out :: TestCollect; "
        "i0 :: TestInject -> q0 :: Queue -> [0] s; i1 :: TestInject -> q1 :: Queue -> [1] s;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i0")->send_batch({"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"});
    b.get<TestInject>("i1")->send_batch({"b1", "b2", "b3", "b4"});
    b.router->run_for(30'000'000);
    // Strides 21845 and 65536, passes starting at the strides: the lowest pass goes next
    // (21845, 43690, 65535 < 65536, then input 1 at 65536, ...); once q0 is dry, q1 alone.
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              (std::vector<std::string>{"a1", "a2", "a3", "b1", "a4", "a5", "a6", "b2", "a7", "a8", "b3", "b4"}));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(StrideSched, EqualTicketsAlternateFromInputZero) {
    auto b = build(
        "s :: StrideSched(5, 5) -> u :: Unqueue -> out :: TestCollect; "
        "i0 :: TestInject -> q0 :: Queue -> [0] s; i1 :: TestInject -> q1 :: Queue -> [1] s;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i1")->send_batch({"b1", "b2", "b3"});
    b.get<TestInject>("i0")->send_batch({"a1", "a2"});
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a1", "b1", "a2", "b2", "b3"}));
}

TEST(StrideSched, TicketsHandlers) {
    auto b = build("s :: StrideSched(3, 1) -> Idle; TestInject -> Queue -> [0] s; TestInject -> Queue -> [1] s;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.tickets0"), "3\n");
    EXPECT_EQ(b.read("s.tickets1"), "1\n");
    EXPECT_EQ(b.write("s.tickets1", "0"), "tickets1: expected an integer from 1 to 32768");
    EXPECT_EQ(b.write("s.tickets0", "40000"), "tickets0: expected an integer from 1 to 32768");
    EXPECT_EQ(b.write("s.tickets0", "many"), "tickets0: expected an integer from 1 to 32768");
    EXPECT_EQ(b.read("s.tickets0"), "3\n");
    EXPECT_EQ(b.write("s.tickets1", "32768"), "");
    EXPECT_EQ(b.read("s.tickets1"), "32768\n");
    EXPECT_EQ(b.read("s.tickets2"), "ERROR: element 's' has no handler 'tickets2'");
}

TEST(TimeSortedSched, MergesSortedStreamsByTimestamp) {
    auto b = build(
        "s :: TimeSortedSched -> u :: Unqueue(BURST 8) -> out :: TestCollect; "
        "i0 :: TestInject -> q0 :: Queue -> [0] s; i1 :: TestInject -> q1 :: Queue -> [1] s;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    auto* i0 = b.get<TestInject>("i0");
    auto* i1 = b.get<TestInject>("i1");
    for (auto [s, t] : std::vector<std::pair<std::string, int>>{{"t1", 1}, {"t4", 4}, {"t5", 5}, {"x7", 7}})
        i0->send(stamped(s, t));
    for (auto [s, t] : std::vector<std::pair<std::string, int>>{{"t2", 2}, {"t3", 3}, {"t6", 6}, {"y7", 7}})
        i1->send(stamped(s, t));
    b.router->run_for(30'000'000);
    // Equal timestamps: the lower input first.
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              (std::vector<std::string>{"t1", "t2", "t3", "t4", "t5", "t6", "x7", "y7"}));
    // Nothing held and both inputs dry: its own notifier puts the puller to sleep.
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    auto* note = static_cast<ActiveNotifier*>(b["s"]->cast(ActiveNotifier::empty_name));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->active());
    i1->send(stamped("t9", 9));
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data().back(), "t9");
    EXPECT_FALSE(b.router->stopped());
}

TEST(TimeSortedSched, HoldsEachInputsNextPacket) {
    auto b = build(
        "i0 :: TestInject -> q0 :: Queue -> [0] s :: TimeSortedSched -> Idle; i1 :: TestInject -> q1 :: Queue -> [1] "
        "s;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i0")->send(stamped("late", 50));
    b.get<TestInject>("i0")->send(stamped("later", 60));
    b.get<TestInject>("i1")->send(stamped("early", 10));
    Packet* p = b["s"]->pull(0);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), "early");
    p->kill();
    // "late" was pulled from q0 to compare and is held; "later" is still queued.
    EXPECT_EQ(b.read("q0.length"), "1\n");
    // A packet earlier than the held one, arriving now, still goes first.
    b.get<TestInject>("i1")->send(stamped("earlier", 20));
    p = b["s"]->pull(0);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), "earlier");
    p->kill();
}

TEST(TimeSortedSched, StopStopsTheRouterWhenEverythingIsDry) {
    auto b = build(
        "s :: TimeSortedSched(STOP true) -> u :: Unqueue(BURST 8) -> out :: TestCollect; "
        "i0 :: TestInject -> q0 :: Queue -> [0] s; i1 :: TestInject -> q1 :: Queue -> [1] s;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.stop"), "true\n");
    b.get<TestInject>("i0")->send(stamped("a", 2));
    b.get<TestInject>("i1")->send(stamped("b", 1));
    EXPECT_TRUE(b.router->run_for(500'000'000));
    EXPECT_TRUE(b.router->stopped());
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"b", "a"}));
}

TEST(Schedulers, BadArguments) {
    EXPECT_EQ(errors_of("s :: StrideSched(1) -> Idle; TestInject -> Queue -> [0] s; TestInject -> Queue -> [1] s;"),
              "test.click:1:1: s :: StrideSched: 1 TICKETS arguments for 2 inputs (one per input)\n");
    EXPECT_EQ(errors_of("s :: StrideSched(1, 0) -> Idle; TestInject -> Queue -> [0] s; TestInject -> Queue -> [1] s;"),
              "test.click:1:21: s :: StrideSched: TICKETS1: expected an integer from 1 to 32768\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: TimeSortedSched(STOP maybe) -> Idle;"),
              "test.click:1:45: s :: TimeSortedSched: STOP: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: RoundRobinSched(1) -> Idle;"),
              "test.click:1:45: s :: RoundRobinSched: too many arguments: '1' is not expected here\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: PrioSched(FAST true) -> Idle;"),
              "test.click:1:39: s :: PrioSched: unknown keyword 'FAST'\n");
}
