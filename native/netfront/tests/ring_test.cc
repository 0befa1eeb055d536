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
