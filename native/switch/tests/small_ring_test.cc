// Small rings under load: a sender and a receiver thread exchange a fixed number of numbered
// frames through the switch (running in a third thread) over 64- and 256-slot ring ports.
// Every frame must arrive, once and in order; a stall is caught by a no-progress watchdog,
// not by a time limit on the whole transfer. The receiver releases in uneven amounts so the
// switch keeps finding its ring partly full (the case that once over-filled it).
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "clickos/platform.hh"
#include "ring_port.hh"
#include "switch_host.hh"

using namespace clickos;
using namespace clickos::sw;

namespace {

constexpr int64_t no_progress_limit_ns = 10'000'000'000;  // generous: a stall, not slowness
const uint8_t receiver_mac[6] = {2, 0, 0, 0, 0, 2}, sender_mac[6] = {2, 0, 0, 0, 0, 1};

struct Result {
    uint64_t sent = 0, received = 0, out_of_order = 0;
    bool sender_stalled = false, receiver_stalled = false;
};

Result transfer(uint32_t slots, uint64_t total, bool busy_ports) {
    SwitchHost host;
    std::string e;
    auto a = RingPort::create("sender", slots, 1518, e);
    auto b = RingPort::create("receiver", slots, 1518, e);
    EXPECT_TRUE(a && b) << e;
    RingPort* pa = a.get();
    RingPort* pb = b.get();
    pa->busy = busy_ports;
    pb->busy = busy_ports;
    EXPECT_GE(host.add_port("vale0", std::move(a), e), 0) << e;
    int rid = host.add_port("vale0", std::move(b), e);
    EXPECT_GE(rid, 0) << e;
    host.bridge("vale0")->table.set_static(mac_key(receiver_mac), rid);

    std::atomic<bool> done{false};
    std::thread switch_thread([&] {
        while (!done.load()) host.run(20'000'000);
    });
    Result r;
    std::thread receiver([&] {
        netfront::RingConsumer rx(pb->memory().rx(), slots, pb->fds().rx_space);
        int64_t last_progress = platform::monotonic_ns();
        uint32_t turn = 0;
        while (r.received < total) {
            uint32_t n = rx.available();
            if (n == 0) {
                if (platform::monotonic_ns() - last_progress > no_progress_limit_ns) {
                    r.receiver_stalled = true;
                    break;
                }
                if (rx.prepare_sleep()) {
                    platform::wait_readable(pb->fds().rx_data, 100'000'000);
                    platform::consume_event(pb->fds().rx_data);
                }
                continue;
            }
            n = std::min<uint32_t>(n, 1 + (turn++ * 7) % 23);  // uneven releases
            for (uint32_t i = 0; i < n; ++i) {
                uint64_t seq;
                std::memcpy(&seq, pb->memory().frame(rx.slot(i).buf) + 14, 8);
                if (seq != r.received) ++r.out_of_order;
                ++r.received;
            }
            rx.release(n);
            last_progress = platform::monotonic_ns();
        }
    });
    netfront::RingProducer tx(pa->memory().tx(), slots, pa->fds().tx_data);
    int64_t last_progress = platform::monotonic_ns();
    uint32_t turn = 0;
    while (r.sent < total) {
        uint32_t room = tx.space();
        if (room == 0) {
            if (platform::monotonic_ns() - last_progress > no_progress_limit_ns) {
                r.sender_stalled = true;
                break;
            }
            if (tx.prepare_wait()) {
                platform::wait_readable(pa->fds().tx_space, 100'000'000);
                platform::consume_event(pa->fds().tx_space);
            }
            continue;
        }
        uint32_t n = uint32_t(std::min<uint64_t>({room, total - r.sent, 1 + (turn++ * 13) % 64}));
        for (uint32_t i = 0; i < n; ++i) {
            netfront::Slot& s = tx.slot(i);
            uint8_t* f = pa->memory().frame(s.buf);
            std::memcpy(f, receiver_mac, 6);
            std::memcpy(f + 6, sender_mac, 6);
            f[12] = 0x88;
            f[13] = 0xb5;  // local experimental EtherType
            uint64_t seq = r.sent + i;
            std::memcpy(f + 14, &seq, 8);
            s.len = 60;
        }
        tx.publish(n);
        r.sent += n;
        last_progress = platform::monotonic_ns();
    }
    receiver.join();
    done = true;
    switch_thread.join();
    EXPECT_EQ(host.port(rid)->counters.tx_drops, 0u);
    return r;
}

}  // namespace

TEST(SmallRings, SixtyFourSlotsDeliverEveryFrameInOrder) {
    Result r = transfer(64, 300'000, false);
    EXPECT_FALSE(r.sender_stalled);
    EXPECT_FALSE(r.receiver_stalled);
    EXPECT_EQ(r.sent, 300'000u);
    EXPECT_EQ(r.received, 300'000u);
    EXPECT_EQ(r.out_of_order, 0u);
}

TEST(SmallRings, TwoHundredFiftySixSlotsDeliverEveryFrameInOrder) {
    Result r = transfer(256, 300'000, false);
    EXPECT_FALSE(r.sender_stalled);
    EXPECT_FALSE(r.receiver_stalled);
    EXPECT_EQ(r.received, 300'000u);
    EXPECT_EQ(r.out_of_order, 0u);
}

TEST(SmallRings, BusyPolledPortsDeliverEveryFrameInOrder) {
    Result r = transfer(64, 100'000, true);
    EXPECT_FALSE(r.sender_stalled);
    EXPECT_FALSE(r.receiver_stalled);
    EXPECT_EQ(r.received, 100'000u);
    EXPECT_EQ(r.out_of_order, 0u);
}
