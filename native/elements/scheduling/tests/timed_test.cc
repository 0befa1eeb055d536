// DelayUnqueue, LinkUnqueue, TimedSink, Shaper and BandwidthRatedSplitter. Times are checked
// only as lower bounds that hold however slow the machine is (a packet never leaves early),
// or as upper bounds on counts that follow from the elapsed time (a rate is never exceeded);
// exact counts come from rates too slow to add a token during the run.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const char* const keep_running = " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";
constexpr int64_t ms = 1'000'000;

Packet* stamped(const std::string& s, Timestamp t) {
    Packet* p = TestInject::make(s);
    p->set_timestamp_anno(t);
    return p;
}
}  // namespace

// ---------------------------------------------------------------- DelayUnqueue

TEST(DelayUnqueue, PushesEachPacketDelayAfterItsTimestamp) {
    auto b = build("in :: TestInject -> q :: Queue -> d :: DelayUnqueue(100ms) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp sent = Timestamp::now();
    b.get<TestInject>("in")->send(stamped("p", sent));
    b.router->run_for(30 * ms);
    if (Timestamp::now() < sent + Timestamp::from_msec(100)) {
        EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
        EXPECT_EQ(b.read("d.scheduled"), "false\n");  // asleep on its timer
    }
    b.router->run_for(400 * ms);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 1u);
    EXPECT_GE(got[0]->timestamp_anno().ns, (sent + Timestamp::from_msec(100)).ns);
    EXPECT_LE(got[0]->timestamp_anno().ns, Timestamp::now().ns);
    EXPECT_EQ(b.read("d.scheduled"), "false\n");  // nothing queued: asleep on the notifier
}

TEST(DelayUnqueue, OldPacketsLeaveAtOnceInOrderAndLaterOnesWait) {
    auto b = build("in :: TestInject -> q :: Queue -> d :: DelayUnqueue(1s) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp old = Timestamp::now() - Timestamp::from_sec(5);
    auto* in = b.get<TestInject>("in");
    in->send(stamped("a", old));
    in->send(stamped("b", old + Timestamp::from_msec(1)));
    in->send(stamped("future", Timestamp::now() + Timestamp::from_sec(30)));
    in->send(stamped("c", old));  // due, but behind one that is not
    b.router->run_for(30 * ms);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.read("q.length"), "1\n");  // "future" held inside, "c" still queued
    // A shorter delay is looked at at once, but 30 s ahead is still ahead.
    EXPECT_EQ(b.write("d.delay", "0"), "");
    b.router->run_for(30 * ms);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 2u);
}

TEST(DelayUnqueue, WakesWhenPacketsArriveAndHandlers) {
    auto b = build("in :: TestInject -> q :: Queue -> d :: DelayUnqueue(0.5) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(20 * ms);
    EXPECT_EQ(b.read("d.scheduled"), "false\n");
    b.get<TestInject>("in")->send(stamped("x", Timestamp{}));  // no timestamp: due at once
    b.router->run_for(20 * ms);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x"}));
    EXPECT_EQ(b.read("d.delay"), "0.500000\n");
    EXPECT_EQ(b.write("d.delay", "soon"), "delay: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.read("d.delay"), "0.500000\n");
    EXPECT_EQ(b.write("d.delay", "250us"), "");
    EXPECT_EQ(b.read("d.delay"), "0.000250\n");
}

TEST(DelayUnqueue, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Queue -> d :: DelayUnqueue -> Discard;"),
              "test.click:1:24: d :: DelayUnqueue: missing mandatory DELAY argument\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> d :: DelayUnqueue(later) -> Discard;"),
              "test.click:1:42: d :: DelayUnqueue: DELAY: expected time (for example 1.5s, 10ms, 250us)\n");
}

// ---------------------------------------------------------------- LinkUnqueue

TEST(LinkUnqueue, DelaysByTransmissionTimeAndLatencyInOrder) {
    // 1000 bytes per second: a 100-byte packet takes 100 ms to send, then 100 ms to arrive.
    auto b = build("in :: TestInject -> q :: Queue -> l :: LinkUnqueue(100ms, 1000Bps) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp start = Timestamp::now();
    b.get<TestInject>("in")->send_batch({std::string(100, 'a'), std::string(100, 'b')});
    b.router->run_for(50 * ms);
    if (Timestamp::now() < start + Timestamp::from_msec(100)) {
        // The first packet is being sent; the second waits upstream for the link.
        EXPECT_EQ(b.read("l.size"), "1\n");
        EXPECT_EQ(b.read("q.length"), "1\n");
        EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
        EXPECT_EQ(b.read("l.scheduled"), "false\n");  // asleep on its timer
    }
    b.router->run_for(600 * ms);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0]->data()[0], 'a');
    EXPECT_EQ(got[1]->data()[0], 'b');
    // Sent 0-100 ms, arrives at 200 ms; the second is sent 100-200 ms, arrives at 300 ms.
    EXPECT_GE(got[0]->timestamp_anno().ns, (start + Timestamp::from_msec(200)).ns);
    EXPECT_GE(got[1]->timestamp_anno().ns, (start + Timestamp::from_msec(300)).ns);
    EXPECT_LE(got[1]->timestamp_anno().ns, Timestamp::now().ns);
    EXPECT_EQ(b.read("l.size"), "0\n");
    EXPECT_EQ(b.read("l.scheduled"), "false\n");  // nothing queued: asleep on the notifier
}

TEST(LinkUnqueue, APacketArrivingAfterTheLinkWentIdleIsNotSentInThePast) {
    auto b = build("in :: TestInject -> q :: Queue -> l :: LinkUnqueue(0, 1000Bps) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(std::string(50, 'a'));  // 50 ms on the link
    b.router->run_for(150 * ms);
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    Timestamp sent = Timestamp::now();
    b.get<TestInject>("in")->send(std::string(100, 'b'));  // 100 ms from now, not from the link's last use
    b.router->run_for(400 * ms);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 2u);
    EXPECT_GE(got[1]->timestamp_anno().ns, (sent + Timestamp::from_msec(100)).ns);
}

TEST(LinkUnqueue, NeverExceedsItsBandwidth) {
    auto b = build("in :: TestInject -> q :: Queue -> l :: LinkUnqueue(0, 100kBps) -> c :: Counter -> Discard;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(200, std::string(1000, 'p')));
    int64_t t0 = Timestamp::now_steady().ns;
    b.router->run_for(300 * ms);
    int64_t elapsed = Timestamp::now_steady().ns - t0;
    // 1000 bytes take 10 ms: at most one packet per 10 ms of the run (plus the first).
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_LE(n, uint64_t(elapsed / (10 * ms)) + 1);
    EXPECT_GE(n, 5u);
}

TEST(LinkUnqueue, HandlersAndReset) {
    auto b = build("in :: TestInject -> q :: Queue -> l :: LinkUnqueue(1s, 8kbps) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("l.latency"), "1.000000\n");
    EXPECT_EQ(b.read("l.bandwidth"), "1000Bps\n");
    b.get<TestInject>("in")->send_batch({"a", "b"});
    b.router->run_for(20 * ms);
    // "a" took 1 ms to send and is propagating; "b" is sent after it.
    EXPECT_EQ(b.read("l.size"), "2\n");
    EXPECT_EQ(b.write("l.reset", ""), "");
    EXPECT_EQ(b.read("l.size"), "0\n");
    b.router->run_for(20 * ms);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.write("l.latency", "2s"), "handler 'l.latency' is not writable");
}

TEST(LinkUnqueue, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Queue -> l :: LinkUnqueue(10ms) -> Discard;"),
              "test.click:1:24: l :: LinkUnqueue: missing mandatory BANDWIDTH argument\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> l :: LinkUnqueue(10ms, 0bps) -> Discard;"),
              "test.click:1:24: l :: LinkUnqueue: BANDWIDTH must be positive\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> l :: LinkUnqueue(far, 1Mbps) -> Discard;"),
              "test.click:1:41: l :: LinkUnqueue: LATENCY: expected time (for example 1.5s, 10ms, 250us)\n");
}

// ---------------------------------------------------------------- TimedSink

TEST(TimedSink, PullsOnePacketPerInterval) {
    int64_t t0 = Timestamp::now_steady().ns;
    auto b = build("in :: TestInject -> q :: Queue -> s :: TimedSink(20ms);" + std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(100, "p"));
    b.router->run_for(200 * ms);
    int64_t elapsed = Timestamp::now_steady().ns - t0;
    uint64_t n = std::stoull(b.read("s.count"));
    EXPECT_LE(n, uint64_t(elapsed / (20 * ms)));  // the first pull is one interval in
    EXPECT_GE(n, 2u);
    EXPECT_EQ(std::stoull(b.read("q.length")), 100 - n);
    EXPECT_EQ(b.read("s.interval"), "0.020000\n");
}

TEST(TimedSink, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> q :: Queue -> s :: TimedSink;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.interval"), "0.500000\n");
    EXPECT_EQ(b.write("s.interval", "0"), "interval: must be positive");
    EXPECT_EQ(b.write("s.interval", "often"), "interval: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.write("s.interval", "1s"), "");
    EXPECT_EQ(b.read("s.interval"), "1.000000\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: TimedSink(0);"),
              "test.click:1:24: s :: TimedSink: INTERVAL must be positive\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: TimedSink(1, 2);"),
              "test.click:1:42: s :: TimedSink: too many arguments: '2' is not expected here\n");
}

// ---------------------------------------------------------------- Shaper

TEST(Shaper, OnePacketPerIntervalWithoutBursts) {
    auto b = build("in :: TestInject -> q :: Queue -> s :: Shaper(1) -> u :: Unqueue(BURST 8) -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    b.router->run_for(100 * ms);
    // The first goes at once; the next is a second away.
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a"}));
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.read("u.scheduled"), "false\n");  // asleep on the shaper's notifier
    auto* note = static_cast<ActiveNotifier*>(b["s"]->cast(ActiveNotifier::empty_name));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->active());
}

TEST(Shaper, NeverExceedsItsRate) {
    auto b = build(
        "in :: TestInject -> q :: Queue -> s :: Shaper(50) -> u :: Unqueue(BURST 8) -> c :: Counter -> "
        "Discard;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(100, "p"));
    int64_t t0 = Timestamp::now_steady().ns;
    b.router->run_for(300 * ms);
    int64_t elapsed = Timestamp::now_steady().ns - t0;
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_LE(n, uint64_t(elapsed / (20 * ms)) + 1);  // one per 20 ms, the first at once
    EXPECT_GE(n, 3u);
}

TEST(Shaper, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> q :: Queue -> s :: Shaper(0) -> u :: Unqueue -> out :: TestCollect;" +
                   std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    b.router->run_for(20 * ms);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());  // rate 0 passes nothing
    EXPECT_EQ(b.read("s.rate"), "0\n");
    EXPECT_EQ(b.write("s.rate", "fast"), "rate: expected integer");
    EXPECT_EQ(b.write("s.rate", "10"), "");
    EXPECT_EQ(b.read("s.rate"), "10\n");
    b.router->run_for(300 * ms);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a"}));
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: Shaper -> Discard;"),
              "test.click:1:24: s :: Shaper: missing mandatory RATE argument\n");
    EXPECT_EQ(errors_of("TestInject -> Queue -> s :: Shaper(2.5) -> Discard;"),
              "test.click:1:36: s :: Shaper: RATE: expected integer\n");
}

// ---------------------------------------------------------------- BandwidthRatedSplitter

namespace {
std::string splitter(const std::string& args) {
    return "in :: TestInject -> s :: BandwidthRatedSplitter(" + args +
           "); s[0] -> ok :: TestCollect; s[1] -> over :: TestCollect;";
}
}  // namespace

TEST(BandwidthRatedSplitter, PacketsWithinTheBytesGoToOutputZero) {
    auto b = build(splitter("100, BURST_BYTES 150"));
    ASSERT_TRUE(b.router) << b.errors;
    std::string a(100, 'a'), c(100, 'c');
    // 150 bytes of credit: the first costs 100 (50 left), the second goes into debt (-50),
    // which takes half a second to pay back at 100 bytes per second.
    b.get<TestInject>("in")->send_batch({a, std::string(100, 'b'), c, std::string(1, 'd')});
    b.get<TestInject>("in")->send("e");
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (std::vector<std::string>{a, std::string(100, 'b')}));
    EXPECT_EQ(b.get<TestCollect>("over")->data(), (std::vector<std::string>{c, "d", "e"}));
}

TEST(BandwidthRatedSplitter, DefaultBucketHoldsTwentyMilliseconds) {
    auto b = build(splitter("10kBps"));  // 10000 bytes per second x 20 ms = 200 bytes
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch(std::vector<std::string>(5, std::string(100, 'p')));
    EXPECT_EQ(b.get<TestCollect>("ok")->packets.size(), 2u);
    EXPECT_EQ(b.get<TestCollect>("over")->packets.size(), 3u);
}

TEST(BandwidthRatedSplitter, HandlersAndBadArguments) {
    auto b = build(splitter("0"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", ""});
    EXPECT_EQ(b.get<TestCollect>("over")->packets.size(), 2u);  // rate 0: everything over
    EXPECT_EQ(b.read("s.rate"), "0Bps\n");
    EXPECT_EQ(b.write("s.rate", "quick"), "rate: expected bandwidth (for example 10Mbps, 1MBps)");
    EXPECT_EQ(b.write("s.rate", "80kbps"), "");
    EXPECT_EQ(b.read("s.rate"), "10000Bps\n");
    EXPECT_EQ(errors_of("TestInject -> s :: BandwidthRatedSplitter; s[0] -> Discard; s[1] -> Discard;"),
              "test.click:1:15: s :: BandwidthRatedSplitter: missing mandatory RATE argument\n");
    EXPECT_EQ(errors_of("TestInject -> s :: BandwidthRatedSplitter(1k, BURST_BYTES 0); s[0] -> Discard; s[1] -> "
                        "Discard;"),
              "test.click:1:15: s :: BandwidthRatedSplitter: BURST_BYTES must be at least 1\n");
    EXPECT_EQ(errors_of("TestInject -> s :: BandwidthRatedSplitter(1k, BURST_BYTES 5, BURST_DURATION 1s); s[0] -> "
                        "Discard; s[1] -> Discard;"),
              "test.click:1:15: s :: BandwidthRatedSplitter: BURST_DURATION and BURST_BYTES are mutually exclusive\n");
    EXPECT_EQ(errors_of("TestInject -> s :: BandwidthRatedSplitter(9furlongs); s[0] -> Discard; s[1] -> Discard;"),
              "test.click:1:43: s :: BandwidthRatedSplitter: RATE: unknown bandwidth unit 'furlongs' (use bps or "
              "Bps)\n");
}
