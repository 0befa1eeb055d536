// FullNoteQueue, NotifierQueue, FrontDropQueue and MixedQueue: order, drops, handlers and
// notifiers (which of empty/full each one has, and that the full one wakes upstream).
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
std::vector<std::string> drain(Element* q) {
    std::vector<std::string> v;
    while (Packet* p = q->pull(0)) {
        v.emplace_back(reinterpret_cast<const char*>(p->data()), p->length());
        p->kill();
    }
    return v;
}
bool listener_ran(Task*, void* flag) {
    *static_cast<bool*>(flag) = true;
    return false;
}
}  // namespace

TEST(FullNoteQueue, FifoWithBothNotifiers) {
    auto b = build("in :: TestInject -> q :: FullNoteQueue(3) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    b.get<TestInject>("in")->send("5");
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(b.read("q.drops"), "2\n");
    EXPECT_EQ(b.read("q.highwater_length"), "3\n");
    EXPECT_EQ(b.read("q.capacity"), "3\n");
    EXPECT_NE(b["q"]->cast(ActiveNotifier::empty_name), nullptr);
    EXPECT_NE(b["q"]->cast(ActiveNotifier::full_name), nullptr);
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(b.write("q.reset_counts", ""), "");
    EXPECT_EQ(b.read("q.drops"), "0\n");
    EXPECT_EQ(b.read("q.highwater_length"), "0\n");
}

TEST(FullNoteQueue, FullNotifierWakesUpstreamWhenRoomAppears) {
    auto b = build("in :: TestInject -> q :: FullNoteQueue(2) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    bool woke = false;
    Task listener(&listener_ran, &woke);
    listener.initialize(b.router.get(), false);
    // What a push source upstream sees when it looks downstream.
    NotifierSignal room = b.router->downstream_full_signal(b["in"], 0, &listener);
    EXPECT_FALSE(room.always_active());
    EXPECT_TRUE(room.active());
    b.get<TestInject>("in")->send_batch({"a", "b"});
    EXPECT_FALSE(room.active());  // full: the source may sleep
    EXPECT_FALSE(listener.scheduled());
    Packet* p = b["q"]->pull(0);
    ASSERT_NE(p, nullptr);
    p->kill();
    EXPECT_TRUE(room.active());
    EXPECT_TRUE(listener.scheduled());  // woken by the pull that made room
    b.router->run_for(10'000'000);
    EXPECT_TRUE(woke);
}

TEST(NotifierQueue, EmptyNotifierOnly) {
    auto b = build("in :: TestInject -> q :: NotifierQueue(2) -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_NE(b["q"]->cast(ActiveNotifier::empty_name), nullptr);
    EXPECT_EQ(b["q"]->cast(ActiveNotifier::full_name), nullptr);
    // Without a full notifier, a push source has nothing to sleep on.
    EXPECT_TRUE(b.router->downstream_full_signal(b["in"], 0, nullptr).always_active());
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    EXPECT_EQ(b.read("q.drops"), "1\n");
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");  // asleep on the empty notifier
}

TEST(FrontDropQueue, DropsTheOldestToMakeRoom) {
    auto b = build("in :: TestInject -> q :: FrontDropQueue(3) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    for (const char* s : {"1", "2", "3", "4", "5"}) b.get<TestInject>("in")->send(s);
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(b.read("q.drops"), "2\n");
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"3", "4", "5"}));
    // The batch path keeps the newest too.
    b.get<TestInject>("in")->send_batch({"a", "b", "c", "d"});
    EXPECT_EQ(b.read("q.drops"), "3\n");
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"b", "c", "d"}));
    EXPECT_EQ(b["q"]->cast(ActiveNotifier::full_name), nullptr);
    EXPECT_EQ(b.read("q.highwater_length"), "3\n");
    b.get<TestInject>("in")->send("x");
    EXPECT_EQ(b.write("q.reset", ""), "");
    EXPECT_EQ(b.read("q.length"), "0\n");
}

TEST(MixedQueue, FifoOnInputZeroLifoOnInputOne) {
    auto b = build("f :: TestInject -> [0] q :: MixedQueue -> Idle; l :: TestInject -> [1] q;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* fifo = b.get<TestInject>("f");
    auto* lifo = b.get<TestInject>("l");
    // Click's example: A, B into input 0, C into 1, D into 0, E into 1 -> E C A B D.
    fifo->send("A");
    fifo->send("B");
    lifo->send("C");
    fifo->send("D");
    lifo->send("E");
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"E", "C", "A", "B", "D"}));
    // A batch into the LIFO input: its last packet ends up first.
    fifo->send("x");
    lifo->send_batch({"p", "q"});
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"q", "p", "x"}));
}

TEST(MixedQueue, WhenFullDropsFifoArrivalsAndTheTailForLifoArrivals) {
    auto b = build("f :: TestInject -> [0] q :: MixedQueue(3) -> Idle; l :: TestInject -> [1] q;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("f")->send_batch({"A", "B", "C"});
    b.get<TestInject>("f")->send("D");  // full: dropped
    EXPECT_EQ(b.read("q.drops"), "1\n");
    b.get<TestInject>("l")->send("E");  // full: C, at the tail, makes room
    EXPECT_EQ(b.read("q.drops"), "2\n");
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(drain(b["q"]), (std::vector<std::string>{"E", "A", "B"}));
    EXPECT_EQ(b["q"]->cast(ActiveNotifier::full_name), nullptr);
    EXPECT_NE(b["q"]->cast(ActiveNotifier::empty_name), nullptr);
}

TEST(MixedQueue, LifoPacketsWakeThePuller) {
    auto b = build(
        "f :: TestInject -> [0] q :: MixedQueue -> u :: Unqueue -> out :: TestCollect; l :: TestInject -> [1] q; "
        "InfiniteSource(ACTIVE false) -> Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(10'000'000);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    b.get<TestInject>("l")->send("z");
    b.router->run_for(10'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"z"}));
}

TEST(Queues, CapacityHandlerAndBadArguments) {
    auto b = build("in :: TestInject -> q :: FrontDropQueue(4) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    EXPECT_EQ(b.write("q.capacity", "2"), "");
    EXPECT_EQ(b.read("q.capacity"), "2\n");
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.write("q.capacity", "0"), "capacity: expected 1 to 67108864");
    EXPECT_EQ(b.read("q.capacity"), "2\n");
    EXPECT_EQ(errors_of("TestInject -> q :: MixedQueue(0) -> Idle; TestInject -> [1] q;"),
              "test.click:1:15: q :: MixedQueue: CAPACITY must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> q :: NotifierQueue(lots) -> Idle;"),
              "test.click:1:34: q :: NotifierQueue: CAPACITY: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> q :: FullNoteQueue(1, 2) -> Idle;"),
              "test.click:1:37: q :: FullNoteQueue: too many arguments: '2' is not expected here\n");
    // MixedQueue has two inputs; a third is an error.
    EXPECT_NE(errors_of("a :: TestInject -> [2] q :: MixedQueue -> Idle;"), "");
}
