// DelayShaper: a packet stamped T leaves no earlier than T + DELAY (a lower bound that holds
// however slow the machine is), stamped with the time it left; the puller sleeps meanwhile.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
Packet* stamped(const std::string& s, Timestamp t) {
    Packet* p = Packet::make(s.data(), uint32_t(s.size()));
    p->set_timestamp_anno(t);
    return p;
}
// A router with nothing left to run stops for good; an inactive InfiniteSource polled by Unqueue keeps it running while
// a test injects packets between runs.
const char* const chain =
    "in :: TestInject -> q :: Queue -> d :: DelayShaper(100ms) -> u :: Unqueue -> out :: TestCollect; "
    "InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";

}  // namespace

TEST(DelayShaper, HoldsAPacketUntilItsTimestampPlusDelay) {
    auto b = build(chain);
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp sent = Timestamp::now();
    b.get<TestInject>("in")->send(stamped("late", sent));
    b.router->run_for(30'000'000);
    if (Timestamp::now() < sent + Timestamp::from_msec(100)) {
        EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
        EXPECT_EQ(b.read("u.scheduled"), "false\n");  // asleep until the packet is due
        auto* note = static_cast<ActiveNotifier*>(b["d"]->cast(ActiveNotifier::empty_name));
        ASSERT_NE(note, nullptr);
        EXPECT_FALSE(note->active());
    }
    b.router->run_for(400'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 1u);
    // Stamped again when it left, which is at least DELAY after the original stamp.
    EXPECT_GE(got[0]->timestamp_anno().ns, (sent + Timestamp::from_msec(100)).ns);
    EXPECT_LE(got[0]->timestamp_anno().ns, Timestamp::now().ns);
}

TEST(DelayShaper, OldAndUnstampedPacketsPassAtOnceInOrder) {
    auto b = build(chain);
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp old = Timestamp::now() - Timestamp::from_sec(5);
    b.get<TestInject>("in")->send(stamped("a", old));
    b.get<TestInject>("in")->send(stamped("b", Timestamp{}));  // no timestamp: due at once
    b.get<TestInject>("in")->send(stamped("c", old));
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DelayShaper, PacketsBehindAHeldOneWait) {
    auto b = build(chain);
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp now = Timestamp::now();
    b.get<TestInject>("in")->send(stamped("first", now + Timestamp::from_sec(10)));  // far future
    b.get<TestInject>("in")->send(stamped("second", Timestamp{}));
    b.router->run_for(30'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("q.length"), "1\n");  // one held inside, one still queued
    // A shorter delay does not make a far-future packet due.
    EXPECT_EQ(b.write("d.delay", "0"), "");
    b.router->run_for(30'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
}

TEST(DelayShaper, WakesWhenPacketsArrive) {
    auto b = build(chain);
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    b.get<TestInject>("in")->send(stamped("", Timestamp{}));  // empty packets too
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{""}));
}

TEST(DelayShaper, Handlers) {
    auto b = build(chain);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("d.delay"), "0.100000\n");
    EXPECT_EQ(b.write("d.delay", "soon"), "delay: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.read("d.delay"), "0.100000\n");
    EXPECT_EQ(b.write("d.delay", "1.5s"), "");
    EXPECT_EQ(b.read("d.delay"), "1.500000\n");
    // Writing the delay lets a held packet leave as soon as the new delay allows.
    b.get<TestInject>("in")->send(stamped("p", Timestamp::now()));
    b.router->run_for(30'000'000);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.write("d.delay", "0"), "");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"p"}));
}

TEST(DelayShaper, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> d :: DelayShaper -> Discard;"),
              "test.click:1:29: d :: DelayShaper: missing mandatory DELAY argument\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> d :: DelayShaper(-1) -> Discard;"),
              "test.click:1:46: d :: DelayShaper: DELAY: expected time (for example 1.5s, 10ms, 250us)\n");
    EXPECT_EQ(errors_of("TestInject -> q :: Queue -> d :: DelayShaper(1ms, 2ms) -> Discard;"),
              "test.click:1:51: d :: DelayShaper: too many arguments: '2ms' is not expected here\n");
}
