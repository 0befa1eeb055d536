// The ring protocol: order, wrap-around, full and empty rings, and sleeping and kicking
// under a two-thread stress test (no lost wake-up, no lost or reordered slot).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "clickos/platform.hh"
#include "netfront/port_memory.hh"

using namespace clickos;
using namespace clickos::netfront;

namespace {
struct Events {
    int to_consumer, to_producer;
    Events() {
        std::string e;
        to_consumer = platform::create_event(e);
        to_producer = platform::create_event(e);
    }
    ~Events() {
        platform::close_fd(to_consumer);
        platform::close_fd(to_producer);
    }
};

std::unique_ptr<PortMemory> port(uint32_t n = 64) {
    std::string error;
    auto m = PortMemory::create("test", n, 1518, error);
    EXPECT_TRUE(m) << error;
    return m;
}
}  // namespace

TEST(Ring, EmptyFullAndWrapAround) {
    auto m = port(64);
    Events ev;
    RingProducer prod(m->tx(), 64, ev.to_consumer);
    RingConsumer cons(m->tx(), 64, ev.to_producer);
    EXPECT_EQ(cons.available(), 0u);
    EXPECT_EQ(prod.space(), 64u);
    uint32_t next_out = 0, next_in = 0;
    // 10 rounds of 50 (not a divisor of 64): indices wrap at every position.
    for (int round = 0; round < 10; ++round) {
        uint32_t n = std::min<uint32_t>(50, prod.space());
        for (uint32_t i = 0; i < n; ++i) prod.slot(i).len = uint16_t(next_out++);
        prod.publish(n);
        ASSERT_EQ(cons.available(), n);
        for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(cons.slot(i).len, uint16_t(next_in++));
        cons.release(n);
        EXPECT_EQ(cons.available(), 0u);
    }
    for (uint32_t i = 0; i < 64; ++i) prod.slot(i).len = 7;
    prod.publish(64);
    EXPECT_EQ(prod.space(), 0u);  // full
    EXPECT_EQ(cons.available(), 64u);
}

TEST(Ring, KickOnlyWhenTheConsumerSleeps) {
    auto m = port(64);
    Events ev;
    RingProducer prod(m->rx(), 64, ev.to_consumer);
    RingConsumer cons(m->rx(), 64, ev.to_producer);
    prod.slot(0).len = 1;
    EXPECT_FALSE(prod.publish(1));  // consumer awake: no system call
    EXPECT_FALSE(platform::wait_readable(ev.to_consumer, 0));
    EXPECT_FALSE(cons.prepare_sleep());  // work is there: do not sleep
    cons.release(1);
    EXPECT_TRUE(cons.prepare_sleep());  // empty: may sleep
    prod.slot(0).len = 2;
    EXPECT_TRUE(prod.publish(1));  // sleeping consumer: kicked
    EXPECT_TRUE(platform::wait_readable(ev.to_consumer, 0));
    platform::consume_event(ev.to_consumer);
    EXPECT_EQ(cons.available(), 1u);
}

TEST(Ring, ProducerWaitsForRoomAndIsKicked) {
    auto m = port(64);
    Events ev;
    RingProducer prod(m->tx(), 64, ev.to_consumer);
    RingConsumer cons(m->tx(), 64, ev.to_producer);
    prod.publish(64);
    EXPECT_TRUE(prod.prepare_wait());
    EXPECT_TRUE(cons.release(1));
    EXPECT_TRUE(platform::wait_readable(ev.to_producer, 0));
    EXPECT_EQ(prod.space(), 1u);
}

TEST(Ring, HostilePeerIndicesAreContained) {
    auto m = port(64);
    RingConsumer cons(m->tx(), 64, -1);
    m->tx()->head.store(1000000);  // claims more slots than the ring has
    EXPECT_EQ(cons.available(), 0u);
    RingProducer prod(m->rx(), 64, -1);
    prod.publish(64);           // full: the next space() reads the consumer's tail
    m->rx()->tail.store(5000);  // claims to have consumed slots never produced
    EXPECT_EQ(prod.space(), 0u);
}

TEST(Ring, StressSleepAndKickAcrossThreads) {
    auto m = port(256);
    Events ev;
    const uint32_t total = 2'000'000;
    std::atomic<bool> failed{false};
    std::thread consumer([&] {
        RingConsumer cons(m->tx(), 256, ev.to_producer);
        uint32_t expect = 0;
        while (expect < total && !failed) {
            uint32_t n = cons.available();
            if (n == 0) {
                if (cons.prepare_sleep()) {
                    if (!platform::wait_readable(ev.to_consumer, 5'000'000'000)) {
                        failed = true;  // a lost wake-up would hang here
                        break;
                    }
                    platform::consume_event(ev.to_consumer);
                }
                continue;
            }
            n = std::min<uint32_t>(n, 1 + expect % 37);
            for (uint32_t i = 0; i < n; ++i)
                if (cons.slot(i).buf != expect++) failed = true;
            cons.release(n);
        }
    });
    RingProducer prod(m->tx(), 256, ev.to_consumer);
    uint32_t sent = 0;
    while (sent < total && !failed) {
        uint32_t room = prod.space();
        if (room == 0) {
            if (prod.prepare_wait()) {
                if (!platform::wait_readable(ev.to_producer, 5'000'000'000)) {
                    failed = true;
                    break;
                }
                platform::consume_event(ev.to_producer);
            }
            continue;
        }
        uint32_t n = std::min({room, total - sent, 1 + sent % 53});
        for (uint32_t i = 0; i < n; ++i) prod.slot(i).buf = sent + i;
        prod.publish(n);
        sent += n;
    }
    consumer.join();
    EXPECT_FALSE(failed);
    EXPECT_EQ(sent, total);
}

namespace {
// Starts both indices of `r` at `start`, as if the ring had already carried that many slots.
void start_indices_at(RingShared* r, uint32_t start) {
    r->head.store(start);
    r->tail.store(start);
}
}  // namespace

TEST(Ring, IndicesWrapAroundTwoToTheThirtyTwo) {
    auto m = port(64);
    start_indices_at(m->tx(), 0xffffffffu - 100);  // the free-running indices pass 2^32 below
    RingProducer prod(m->tx(), 64, -1);
    RingConsumer cons(m->tx(), 64, -1);
    EXPECT_EQ(prod.space(), 64u);
    EXPECT_EQ(cons.available(), 0u);
    uint32_t next_out = 0, next_in = 0;
    for (int round = 0; round < 20; ++round) {
        uint32_t n = std::min<uint32_t>(37, prod.space());
        for (uint32_t i = 0; i < n; ++i) prod.slot(i).buf = next_out++;
        prod.publish(n);
        // Consume in two uneven parts, so the consumer also stands at every offset.
        uint32_t have = cons.available();
        ASSERT_EQ(have, n);
        for (uint32_t part : {n / 3, n - n / 3}) {
            for (uint32_t i = 0; i < part; ++i) ASSERT_EQ(cons.slot(i).buf, next_in++);
            cons.release(part);
        }
        ASSERT_EQ(cons.available(), 0u);
        ASSERT_EQ(prod.space(), 64u);
    }
    EXPECT_LT(m->tx()->head.load(), 1000u);  // it did wrap
    EXPECT_EQ(next_in, 20u * 37u);
}

TEST(Ring, FullRingExactlyAndEmptyRingAfterwards) {
    auto m = port(64);
    Events ev;
    start_indices_at(m->rx(), 0xffffffffu - 10);  // full and empty across the index wrap too
    RingProducer prod(m->rx(), 64, ev.to_consumer);
    RingConsumer cons(m->rx(), 64, ev.to_producer);
    for (uint32_t i = 0; i < 64; ++i) prod.slot(i).buf = 1000 + i;
    prod.publish(64);
    EXPECT_EQ(prod.space(), 0u);
    EXPECT_EQ(prod.space(1), 0u);
    EXPECT_EQ(cons.available(), 64u);
    EXPECT_FALSE(cons.prepare_sleep());  // a full ring is work
    EXPECT_TRUE(prod.prepare_wait());    // and no room
    // Freeing slots one by one: the first release kicks the waiting producer, later ones do
    // not (it was not waiting any more).
    EXPECT_TRUE(cons.release(1));
    EXPECT_TRUE(platform::wait_readable(ev.to_producer, 0));
    platform::consume_event(ev.to_producer);
    EXPECT_FALSE(cons.release(1));
    EXPECT_FALSE(platform::wait_readable(ev.to_producer, 0));
    EXPECT_EQ(prod.space(), 2u);
    for (uint32_t i = 0; i < 62; ++i) ASSERT_EQ(cons.slot(i).buf, 1002 + i);
    cons.release(62);
    EXPECT_EQ(cons.available(), 0u);
    EXPECT_EQ(prod.space(), 64u);
    EXPECT_TRUE(cons.prepare_sleep());
    EXPECT_FALSE(prod.prepare_wait());  // room: nothing to wait for
}

TEST(Ring, PrepareWaitSeesRoomThatCameMeanwhile) {
    auto m = port(64);
    RingProducer prod(m->tx(), 64, -1);
    RingConsumer cons(m->tx(), 64, -1);
    prod.publish(64);
    EXPECT_EQ(prod.space(1), 0u);
    cons.release(5);  // the producer's cached tail is stale now
    EXPECT_FALSE(prod.prepare_wait());
    EXPECT_EQ(m->tx()->producer_sleeping.load(), 0u);  // the flag was taken back
    EXPECT_EQ(prod.space(), 5u);
}

TEST(Ring, AHostileHeadDoesNotKeepTheConsumerAwake) {
    auto m = port(64);
    RingConsumer cons(m->tx(), 64, -1);
    m->tx()->head.store(65);  // one more than the ring holds
    EXPECT_EQ(cons.available(), 0u);
    EXPECT_TRUE(cons.prepare_sleep());  // sleeps instead of spinning on impossible work
    m->tx()->head.store(64);            // a full ring is real work
    EXPECT_FALSE(cons.prepare_sleep());
    EXPECT_EQ(cons.available(), 64u);
}

// Both sides run out of work often (a 64-slot ring, batches up to the whole ring, the
// consumer sometimes taking one slot at a time), across the 2^32 index wrap. No slot may be
// lost, duplicated or reordered, no wake-up lost (a 5 s wait catches that), and kicks go only
// to sides that announced sleep.
TEST(Ring, StressSmallRingSleepAndKickAcrossTheIndexWrap) {
    auto m = port(64);
    Events ev;
    start_indices_at(m->tx(), 0xffffffffu - 500'000);
    const uint32_t total = 1'000'000;
    std::atomic<bool> failed{false};
    std::atomic<uint64_t> consumer_sleeps{0}, consumer_kicks_sent{0};
    uint64_t producer_sleeps = 0, producer_kicks_sent = 0;
    std::thread consumer([&] {
        RingConsumer cons(m->tx(), 64, ev.to_producer);
        uint32_t expect = 0, turn = 0;
        while (expect < total && !failed) {
            uint32_t n = cons.available();
            if (n == 0) {
                ++consumer_sleeps;  // announced (even if it then finds work and stays up)
                if (cons.prepare_sleep()) {
                    if (!platform::wait_readable(ev.to_consumer, 5'000'000'000)) {
                        failed = true;
                        break;
                    }
                    platform::consume_event(ev.to_consumer);
                }
                continue;
            }
            ++turn;
            n = turn % 5 == 0 ? 1 : std::min<uint32_t>(n, 1 + turn % 64);
            for (uint32_t i = 0; i < n; ++i)
                if (cons.slot(i).buf != expect++) failed = true;
            if (cons.release(n)) ++consumer_kicks_sent;
        }
    });
    RingProducer prod(m->tx(), 64, ev.to_consumer);
    uint32_t sent = 0, turn = 0;
    while (sent < total && !failed) {
        uint32_t room = prod.space();
        if (room == 0) {
            ++producer_sleeps;
            if (prod.prepare_wait()) {
                if (!platform::wait_readable(ev.to_producer, 5'000'000'000)) {
                    failed = true;
                    break;
                }
                platform::consume_event(ev.to_producer);
            }
            continue;
        }
        ++turn;
        uint32_t n = std::min({room, total - sent, turn % 7 == 0 ? 64u : 1 + turn % 17});
        for (uint32_t i = 0; i < n; ++i) prod.slot(i).buf = sent + i;
        if (prod.publish(n)) ++producer_kicks_sent;
        sent += n;
    }
    consumer.join();
    EXPECT_FALSE(failed);
    EXPECT_EQ(sent, total);
    // Every kick answers an announced sleep (busy stretches cost no system call).
    EXPECT_LE(producer_kicks_sent, consumer_sleeps.load());
    EXPECT_LE(consumer_kicks_sent.load(), producer_sleeps);
    EXPECT_GT(consumer_sleeps.load() + producer_sleeps, 0u);  // the test did exercise sleeping
}
