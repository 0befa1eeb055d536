// FromNetfront and ToNetfront against a switch side played by the test: frames in, frames
// out, zero-copy hand-over of buffers, sleeping and kicks, and a hostile ring.
#include <gtest/gtest.h>
#include <unistd.h>

#include "clickos/platform.hh"
#include "netfront/attachment.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::netfront;
using namespace clickos::testing;

namespace {

// The switch's half of a port.
struct FakeSwitch {
    std::unique_ptr<PortMemory> mem;
    PortFds fds;
    RingProducer rx;  // switch -> instance
    RingConsumer tx;  // instance -> switch

    explicit FakeSwitch(int devid, uint32_t nslots = 64) {
        std::string e;
        mem = PortMemory::create("test", nslots, 1518, e);
        fds.mem = dup(mem->fd());
        fds.rx_data = platform::create_event(e);
        fds.rx_space = platform::create_event(e);
        fds.tx_data = platform::create_event(e);
        fds.tx_space = platform::create_event(e);
        rx = RingProducer(mem->rx(), nslots, fds.rx_data);
        tx = RingConsumer(mem->tx(), nslots, fds.tx_space);
        Attachment::forget_all();
        EXPECT_TRUE(Attachment::add(devid, fds, e)) << e;
    }
    void send(const std::vector<std::string>& frames) {
        for (size_t i = 0; i < frames.size(); ++i) {
            Slot& s = rx.slot(uint32_t(i));
            std::memcpy(mem->frame(s.buf), frames[i].data(), frames[i].size());
            s.len = uint16_t(frames[i].size());
        }
        rx.publish(uint32_t(frames.size()));
    }
    std::vector<std::string> receive() {
        std::vector<std::string> out;
        uint32_t n = tx.available();
        for (uint32_t i = 0; i < n; ++i) {
            Slot& s = tx.slot(i);
            out.emplace_back(reinterpret_cast<char*>(mem->frame(s.buf)), s.len);
        }
        tx.release(n);
        return out;
    }
};

std::string ignored_error;

std::string frame(int i) {
    return "frame-" + std::to_string(i) + std::string(60, char('a' + i % 26));
}

}  // namespace

TEST(Netfront, WireForwardsFramesWithoutCopying) {
    FakeSwitch sw(0);
    auto b = build("FromNetfront(0) -> c :: Counter -> ToNetfront(0);");
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> frames;
    for (int i = 0; i < 40; ++i) frames.push_back(frame(i));
    sw.send(frames);
    b.router->run_for(50'000'000);
    EXPECT_EQ(sw.receive(), frames);
    EXPECT_EQ(b.read("c.count"), "40\n");
    EXPECT_EQ(b.read("FromNetfront@1.copies"), "0\n");
    EXPECT_EQ(b.read("ToNetfront@3.zero_copy"), "40\n");
}

TEST(Netfront, ManyRoundsKeepEveryBufferAccountedFor) {
    FakeSwitch sw(0);
    auto b = build("FromNetfront(0, 16) -> ToNetfront(0);");
    ASSERT_TRUE(b.router) << b.errors;
    int sent = 0;
    for (int round = 0; round < 200; ++round) {
        std::vector<std::string> frames;
        for (int i = 0; i < 50; ++i) frames.push_back(frame(sent++));
        sw.send(frames);
        b.router->run_for(5'000'000);
        ASSERT_EQ(sw.receive(), frames) << "round " << round << " bad " << b.read("FromNetfront@1.bad_slots")
                                        << " copies " << b.read("FromNetfront@1.copies") << " drops "
                                        << b.read("ToNetfront@2.drops") << " sent " << b.read("ToNetfront@2.count");
    }
    // Buffers move between ring and spares, but none is lost or duplicated.
    auto port = Attachment::get(0, ignored_error);
    EXPECT_EQ(port->spare_count(), 64u);
}

TEST(Netfront, FramesHeldInTheGraphAreCopiedWhenSparesRunOut) {
    FakeSwitch sw(0);
    auto b = build("FromNetfront(0) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    for (int round = 0; round < 3; ++round) {
        std::vector<std::string> frames;
        for (int i = 0; i < 60; ++i) frames.push_back(frame(i));
        sw.send(frames);
        b.router->run_for(5'000'000);
    }
    EXPECT_EQ(b.read("q.length"), "180\n");
    EXPECT_EQ(b.read("FromNetfront@1.copies"), "116\n");  // 64 spares, then copies
    EXPECT_EQ(b.write("q.reset", ""), "");                // buffers come back as spares
    EXPECT_EQ(Attachment::get(0, ignored_error)->spare_count(), 64u);
}

TEST(Netfront, SleepsWhenIdleAndWakesOnAKick) {
    FakeSwitch sw(0);
    auto b = build("FromNetfront(0) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("FromNetfront@1.scheduled"), "false\n");  // asleep, not polling
    sw.send({frame(1), frame(2)});                             // the consumer slept: this kicks rx_data
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("c.count"), "2\n");
}

TEST(Netfront, PushIntoAFullRingDrops) {
    FakeSwitch sw(0);
    auto b = build("in :: TestInject -> t :: ToNetfront(0);");
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> frames;
    for (int i = 0; i < 70; ++i) frames.push_back(frame(i));
    b.get<TestInject>("in")->send_batch(frames);
    EXPECT_EQ(b.read("t.count"), "64\n");
    EXPECT_EQ(b.read("t.drops"), "6\n");
    EXPECT_EQ(sw.receive().size(), 64u);
    b.get<TestInject>("in")->send(std::string(2000, 'x'));  // larger than the frame size
    EXPECT_EQ(b.read("t.drops"), "7\n");
}

TEST(Netfront, HostileSlotsAreSkipped) {
    FakeSwitch sw(0);
    auto b = build("FromNetfront(0) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    sw.rx.slot(0) = Slot{99999, 10, 0};  // buffer index out of range
    sw.rx.slot(1) = Slot{1, 60000, 0};   // length beyond the buffer
    sw.rx.slot(2) = Slot{130, 10, 0};    // a spare, not a ring buffer
    std::memcpy(sw.mem->frame(3), "ok", 2);
    sw.rx.slot(3) = Slot{3, 2, 0};
    sw.rx.publish(4);
    b.router->run_for(20'000'000);
    EXPECT_EQ(b.read("c.count"), "1\n");
    EXPECT_EQ(b.read("FromNetfront@1.bad_slots"), "3\n");
}

TEST(Netfront, MissingPortIsAClearError) {
    Attachment::forget_all();
    unsetenv("CLICKOS_NETFRONT_PORTS");
    EXPECT_EQ(errors_of("FromNetfront(3) -> Discard;"),
              "test.click:1:1: FromNetfront@1 :: FromNetfront: no port 3: this process was not given any "
              "(CLICKOS_NETFRONT_PORTS is not set; instances get their ports from the host, see docs/switch.md)\n");
    setenv("CLICKOS_NETFRONT_PORTS", "0:1,2,3", 1);
    EXPECT_EQ(errors_of("FromNetfront(0) -> Discard;"),
              "test.click:1:1: FromNetfront@1 :: FromNetfront: CLICKOS_NETFRONT_PORTS: port entry '0:1,2,3' is "
              "not DEVID:MEM,RXDATA,RXSPACE,TXDATA,TXSPACE\n");
    unsetenv("CLICKOS_NETFRONT_PORTS");
    EXPECT_EQ(errors_of("FromNetfront(-1) -> Discard;"),
              "test.click:1:1: FromNetfront@1 :: FromNetfront: DEVID must not be negative\n");
}
