// Forwarding: MAC learning, flooding of broadcast and unknown unicast, the static table,
// VLAN-tagged frames passed untouched, counters, captures, and malformed ring contents.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <cstring>

#include "capture.hh"
#include "clickos/platform.hh"
#include "ring_port.hh"
#include "switch_host.hh"

using namespace clickos;
using namespace clickos::sw;

namespace {

// The instance side of a ring port, played by the test.
struct Peer {
    RingPort* port;
    netfront::RingProducer tx;
    netfront::RingConsumer rx;
    explicit Peer(RingPort* p)
        : port(p),
          tx(p->memory().tx(), p->memory().nslots(), p->fds().tx_data),
          rx(p->memory().rx(), p->memory().nslots(), p->fds().rx_space) {}
    // Returns whether the switch had to be kicked (it slept on this port).
    bool send(const std::string& f) {
        netfront::Slot& s = tx.slot(0);
        std::memcpy(port->memory().frame(s.buf), f.data(), f.size());
        s.len = uint16_t(f.size());
        return tx.publish(1);
    }
    std::vector<std::string> take() {
        std::vector<std::string> out;
        uint32_t n = rx.available();
        for (uint32_t i = 0; i < n; ++i) {
            netfront::Slot& s = rx.slot(i);
            out.emplace_back(reinterpret_cast<char*>(port->memory().frame(s.buf)), s.len);
        }
        rx.release(n);
        return out;
    }
};

std::string mac(int last) {
    return std::string("\x02\x00\x00\x00\x00", 5) + char(last);
}
const std::string broadcast(6, '\xff');
std::string frame(const std::string& dst, const std::string& src, const std::string& payload = "payload") {
    return dst + src + std::string("\x08\x00", 2) + payload;
}

struct Fixture {
    SwitchHost host;
    std::vector<std::unique_ptr<Peer>> peers;
    std::vector<int> ids;
    explicit Fixture(int nports, const std::string& bridge = "vale0") {
        for (int i = 0; i < nports; ++i) add(bridge);
    }
    int add(const std::string& bridge, bool busy = false) {
        std::string e;
        auto p = RingPort::create(bridge + ":" + std::to_string(ids.size()), 64, 1518, e);
        EXPECT_TRUE(p) << e;
        p->busy = busy;
        RingPort* raw = p.get();
        int id = host.add_port(bridge, std::move(p), e);
        EXPECT_GE(id, 0) << e;
        peers.push_back(std::make_unique<Peer>(raw));
        ids.push_back(id);
        return id;
    }
    void run() { host.run(5'000'000); }
};

}  // namespace

TEST(Forwarding, BroadcastFloodsToEveryOtherPort) {
    Fixture f(3);
    f.peers[0]->send(frame(broadcast, mac(1)));
    f.run();
    EXPECT_TRUE(f.peers[0]->take().empty());
    EXPECT_EQ(f.peers[1]->take(), (std::vector<std::string>{frame(broadcast, mac(1))}));
    EXPECT_EQ(f.peers[2]->take(), (std::vector<std::string>{frame(broadcast, mac(1))}));
}

TEST(Forwarding, LearnsAndThenUnicasts) {
    Fixture f(3);
    f.peers[0]->send(frame(mac(2), mac(1)));  // unknown destination: flooded
    f.run();
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    EXPECT_EQ(f.peers[2]->take().size(), 1u);
    f.peers[1]->send(frame(mac(1), mac(2)));  // mac(1) was learned on port 0
    f.run();
    EXPECT_EQ(f.peers[0]->take(), (std::vector<std::string>{frame(mac(1), mac(2))}));
    EXPECT_TRUE(f.peers[2]->take().empty());
    f.peers[2]->send(frame(mac(2), mac(3)));  // mac(2) learned on port 1
    f.run();
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    EXPECT_TRUE(f.peers[0]->take().empty());
    const auto& table = f.host.bridge("vale0")->table;
    EXPECT_EQ(table.lookup(mac_key(reinterpret_cast<const uint8_t*>(mac(3).data()))), f.ids[2]);
}

TEST(Forwarding, StaticEntriesWinOverLearning) {
    Fixture f(3);
    uint64_t m9 = mac_key(reinterpret_cast<const uint8_t*>(mac(9).data()));
    f.host.bridge("vale0")->table.set_static(m9, f.ids[2]);
    f.peers[1]->send(frame(broadcast, mac(9)));  // would learn mac(9) on port 1: static stays
    f.run();
    f.peers[2]->take();
    f.peers[0]->send(frame(mac(9), mac(1)));
    f.run();
    EXPECT_EQ(f.peers[2]->take().size(), 1u);
    EXPECT_TRUE(f.peers[1]->take().empty());
}

TEST(Forwarding, TableChangesBetweenFramesOfOneStreamTakeEffectAtOnce) {
    // forward() directly, within one moment of the switch's clock: a stream's repeated
    // addresses may be answered from the last lookup, never after the table changed.
    Fixture f(3);
    f.peers[1]->send(frame(broadcast, mac(2)));  // mac(2) learned on port 1
    f.run();
    for (auto& p : f.peers) p->take();
    f.peers[0]->send(frame(mac(2), mac(1)));
    f.host.forward(f.ids[0]);
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    // An operator's static entry moves mac(2) to port 2: the next frame goes there.
    f.host.bridge("vale0")->table.set_static(mac_key(reinterpret_cast<const uint8_t*>(mac(2).data())), f.ids[2]);
    f.peers[0]->send(frame(mac(2), mac(1)));
    f.host.forward(f.ids[0]);
    EXPECT_TRUE(f.peers[1]->take().empty());
    EXPECT_EQ(f.peers[2]->take().size(), 1u);
    // The entry removed: unknown again, so flooded to both others.
    f.host.bridge("vale0")->table.remove(mac_key(reinterpret_cast<const uint8_t*>(mac(2).data())));
    f.peers[0]->send(frame(mac(2), mac(1)));
    f.host.forward(f.ids[0]);
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    EXPECT_EQ(f.peers[2]->take().size(), 1u);
    // A sender moving to another port is learned there at once: frames to it follow.
    f.peers[2]->send(frame(broadcast, mac(1)));
    f.host.forward(f.ids[2]);
    f.peers[0]->take();
    f.peers[1]->take();
    f.peers[1]->send(frame(mac(1), mac(2)));
    f.host.forward(f.ids[1]);
    EXPECT_TRUE(f.peers[0]->take().empty());
    EXPECT_EQ(f.peers[2]->take().size(), 1u);
}

TEST(Forwarding, VlanTaggedFramesPassUntouched) {
    Fixture f(2);
    std::string tagged = mac(2) + mac(1) + std::string("\x81\x00\x00\x2a\x08\x00", 6) + "tagged payload";
    f.peers[0]->send(tagged);
    f.run();
    EXPECT_EQ(f.peers[1]->take(), (std::vector<std::string>{tagged}));
}

TEST(Forwarding, SwitchesAreSeparateSegments) {
    Fixture f(2, "vale0");
    f.add("vale1");
    f.peers[0]->send(frame(broadcast, mac(1)));
    f.run();
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    EXPECT_TRUE(f.peers[2]->take().empty());  // on vale1
}

TEST(Forwarding, CountersAndDropsWhenAPeerIsSlow) {
    Fixture f(2);
    for (int i = 0; i < 70; ++i) {
        f.peers[0]->send(frame(broadcast, mac(1), "n" + std::to_string(i)));
        f.run();
    }
    Port* p1 = f.host.port(f.ids[1]);
    EXPECT_EQ(p1->counters.tx_packets, 64u);  // peer 1 never takes: its 64 slots fill up
    EXPECT_EQ(p1->counters.tx_drops, 6u);
    Port* p0 = f.host.port(f.ids[0]);
    EXPECT_EQ(p0->counters.rx_packets, 70u);
}

TEST(Forwarding, MalformedSlotsAreCountedNotForwarded) {
    Fixture f(2);
    auto& tx = f.peers[0]->tx;
    tx.slot(0) = netfront::Slot{50000, 60, 0};  // bad buffer index
    tx.slot(1) = netfront::Slot{64, 9999, 0};   // longer than the buffer
    tx.slot(2) = netfront::Slot{65, 3, 0};      // shorter than an Ethernet header
    tx.publish(3);
    f.peers[0]->send(frame(broadcast, mac(1)));
    f.run();
    EXPECT_EQ(f.host.port(f.ids[0])->counters.bad_frames, 3u);
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
}

TEST(Forwarding, RemovedPortForgetsItsAddresses) {
    Fixture f(3);
    f.peers[0]->send(frame(broadcast, mac(1)));
    f.run();
    EXPECT_TRUE(f.host.remove_port(f.ids[0]));
    f.peers.erase(f.peers.begin());
    f.peers[0]->send(frame(mac(1), mac(2)));  // mac(1) unknown again: flooded to port 2
    f.run();
    EXPECT_EQ(f.peers[1]->take().size(), 2u);  // the first broadcast and this one
}

TEST(Forwarding, CaptureWritesAPcapFile) {
    Fixture f(2);
    std::string path = "/tmp/clickos-switch-capture-" + std::to_string(getpid()) + ".pcap";
    std::string e;
    f.host.port(f.ids[1])->capture = Capture::open(path, 65535, e);
    ASSERT_NE(f.host.port(f.ids[1])->capture, nullptr) << e;
    f.peers[0]->send(frame(broadcast, mac(1), "captured"));
    f.run();
    delete f.host.port(f.ids[1])->capture;
    f.host.port(f.ids[1])->capture = nullptr;
    std::string data;
    ASSERT_TRUE(platform::read_file(path, data, e));
    // 24-byte global header, 16-byte record header, then the frame.
    std::string expected_frame = frame(broadcast, mac(1), "captured");
    ASSERT_EQ(data.size(), 24 + 16 + expected_frame.size());
    uint32_t magic, caplen;
    std::memcpy(&magic, data.data(), 4);
    std::memcpy(&caplen, data.data() + 24 + 8, 4);
    EXPECT_EQ(magic, 0xa1b2c3d4u);
    EXPECT_EQ(caplen, expected_frame.size());
    EXPECT_EQ(data.substr(40), expected_frame);
    // tcpdump reads it, when installed.
    if (std::system("command -v tcpdump >/dev/null 2>&1") == 0) {
        std::string cmd = "tcpdump -nr " + path + " -e 2>/dev/null | grep -c 'ff:ff:ff:ff:ff:ff'";
        FILE* pipe = popen(cmd.c_str(), "r");
        char buf[16] = {};
        ASSERT_NE(fgets(buf, sizeof buf, pipe), nullptr);
        pclose(pipe);
        EXPECT_EQ(std::string(buf), "1\n");
    }
    unlink(path.c_str());
}

TEST(Forwarding, FullUnicastDestinationHoldsTheSenderInsteadOfDropping) {
    Fixture f(2);
    uint64_t m2 = mac_key(reinterpret_cast<const uint8_t*>(mac(2).data()));
    f.host.bridge("vale0")->table.set_static(m2, f.ids[1]);
    // 64 fill the receiver's ring; the next 20 wait in the sender's ring.
    for (int i = 0; i < 84; ++i) {
        f.peers[0]->send(frame(mac(2), mac(1), "n" + std::to_string(i)));
        if (i % 32 == 31) f.run();
    }
    f.run();
    EXPECT_EQ(f.host.port(f.ids[1])->counters.tx_drops, 0u);
    auto first = f.peers[1]->take();
    EXPECT_EQ(first.size(), 64u);
    f.run();  // the receiver freed its ring: the held frames follow, in order
    auto rest = f.peers[1]->take();
    ASSERT_EQ(rest.size(), 20u);
    EXPECT_EQ(rest.front(), frame(mac(2), mac(1), "n64"));
    EXPECT_EQ(rest.back(), frame(mac(2), mac(1), "n83"));
    EXPECT_EQ(f.host.port(f.ids[0])->counters.rx_packets, 84u);
}

TEST(Forwarding, ABatchIntoAPartlyFullRingStaysWithinTheRing) {
    // Regression: with 32 of 64 receive slots taken, a batch of 64 used to be staged whole
    // (the room was re-read without the frames staged so far), publishing 96 slots into a
    // 64-slot ring; the receiver saw an impossible ring and both sides stalled.
    Fixture f(2);
    uint64_t m2 = mac_key(reinterpret_cast<const uint8_t*>(mac(2).data()));
    f.host.bridge("vale0")->table.set_static(m2, f.ids[1]);
    for (int i = 0; i < 32; ++i) f.peers[0]->send(frame(mac(2), mac(1), "a" + std::to_string(i)));
    f.run();
    for (int i = 0; i < 64; ++i) f.peers[0]->send(frame(mac(2), mac(1), "b" + std::to_string(i)));
    f.run();
    EXPECT_EQ(f.peers[1]->rx.available(), 64u);  // full, not more
    auto first = f.peers[1]->take();
    ASSERT_EQ(first.size(), 64u);
    for (int i = 0; i < 32; ++i) EXPECT_EQ(first[size_t(i)], frame(mac(2), mac(1), "a" + std::to_string(i)));
    for (int i = 0; i < 32; ++i) EXPECT_EQ(first[size_t(32 + i)], frame(mac(2), mac(1), "b" + std::to_string(i)));
    f.run();
    auto rest = f.peers[1]->take();
    ASSERT_EQ(rest.size(), 32u);
    EXPECT_EQ(rest.front(), frame(mac(2), mac(1), "b32"));
    EXPECT_EQ(rest.back(), frame(mac(2), mac(1), "b63"));
    EXPECT_EQ(f.host.port(f.ids[1])->counters.tx_drops, 0u);
}

TEST(Forwarding, BusyPortsArePolledEveryRoundAndSleepingPortsSleep) {
    Fixture f(0);
    f.add("vale0", true);   // busy
    f.add("vale0", false);  // sleeping (the default)
    Port* busy = f.host.port(f.ids[0]);
    Port* sleeping = f.host.port(f.ids[1]);
    for (int i = 0; i < 10; ++i) f.host.run(0);  // run(0): exactly one round each
    EXPECT_EQ(busy->counters.polls, 10u);
    EXPECT_EQ(busy->counters.sleeps, 0u);
    EXPECT_EQ(sleeping->counters.polls, 1u);  // polled once after attaching, then asleep
    EXPECT_EQ(sleeping->counters.sleeps, 1u);
    // The sleeping port armed its wake-up, so its peer must kick; the busy one never did.
    EXPECT_TRUE(f.peers[1]->send(frame(broadcast, mac(2))));
    EXPECT_FALSE(f.peers[0]->send(frame(broadcast, mac(1))));
    f.run();
    EXPECT_EQ(f.peers[0]->take(), (std::vector<std::string>{frame(broadcast, mac(2))}));
    EXPECT_EQ(f.peers[1]->take(), (std::vector<std::string>{frame(broadcast, mac(1))}));
    EXPECT_EQ(sleeping->counters.wakeups, 1u);
    EXPECT_EQ(sleeping->counters.sleeps, 2u);  // back to sleep once its frame was forwarded
    EXPECT_EQ(busy->counters.wakeups, 0u);
    EXPECT_EQ(busy->counters.sleeps, 0u);
    EXPECT_GT(busy->counters.polls, 10u);
    EXPECT_EQ(busy->counters.rx_packets, 1u);
}

TEST(Forwarding, APollWindowKeepsAPortAwakeAfterItsLastFrameOnly) {
    Fixture f(2);
    f.host.poll_ns = 1'000'000'000;  // longer than the test: only traffic starts the window
    Port* a = f.host.port(f.ids[0]);
    f.host.run(0);
    EXPECT_EQ(a->counters.sleeps, 1u);                        // no frame yet: it sleeps at once
    EXPECT_TRUE(f.peers[0]->send(frame(broadcast, mac(1))));  // asleep: the peer kicks
    f.run();
    EXPECT_EQ(f.peers[1]->take(), (std::vector<std::string>{frame(broadcast, mac(1))}));
    EXPECT_EQ(a->counters.sleeps, 1u);  // within its window: polled, not asleep
    uint64_t polls = a->counters.polls;
    EXPECT_FALSE(f.peers[0]->send(frame(broadcast, mac(1))));  // polled: no kick needed
    f.host.run(0);
    EXPECT_GT(a->counters.polls, polls);
    EXPECT_EQ(f.peers[1]->take(), (std::vector<std::string>{frame(broadcast, mac(1))}));
    f.host.poll_ns = 0;  // the window closes: asleep at the next round, kicks needed again
    f.host.run(0);
    EXPECT_EQ(a->counters.sleeps, 2u);
    EXPECT_TRUE(f.peers[0]->send(frame(broadcast, mac(1))));
}

// Whether the switch kicked a ring port's instance (its rx event is readable); consumes it.
bool kicked(Port* p) {
    int fd = static_cast<RingPort*>(p)->fds().rx_data;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 0) != 1) return false;
    platform::consume_event(fd);
    return true;
}

TEST(Forwarding, CoalescedKicksWaitForTheirCountAgeOrAnIdleRound) {
    // Port 0 sends to port 1, whose instance sleeps; port 2 (busy, polled every round) sends
    // to port 3 and makes rounds that move frames.
    Fixture f(2);
    f.add("vale0", true);
    f.add("vale0");
    auto& table = f.host.bridge("vale0")->table;
    table.set_static(mac_key(reinterpret_cast<const uint8_t*>(mac(2).data())), f.ids[1]);
    table.set_static(mac_key(reinterpret_cast<const uint8_t*>(mac(4).data())), f.ids[3]);
    f.host.kick_frames = 4;
    f.host.kick_ns = 1'000'000'000;  // longer than the test: no kick for age
    f.host.run(0);
    Port* receiver = f.host.port(f.ids[1]);
    auto to_receiver = [&](int n) {
        for (int i = 0; i < n; ++i) f.peers[0]->send(frame(mac(2), mac(1)));
        f.host.forward(f.ids[0]);
    };
    auto busy_round = [&] {
        for (int i = 0; i < 10; ++i) f.peers[2]->send(frame(mac(4), mac(3)));
        f.host.run(0);  // one round, in which the busy port moves its 10 frames
    };
    ASSERT_TRUE(f.peers[1]->rx.prepare_sleep());  // the instance goes to sleep
    to_receiver(3);
    busy_round();
    // Published, so an instance that looks sees them, but not kicked: 3 < 4, frames moved.
    EXPECT_EQ(f.peers[1]->rx.available(), 3u);
    EXPECT_FALSE(kicked(receiver));
    // A round that moves nothing sends every waiting kick.
    f.host.run(0);
    EXPECT_TRUE(kicked(receiver));
    EXPECT_EQ(f.peers[1]->take().size(), 3u);
    // Four waiting frames are a kick at once, as they are delivered.
    ASSERT_TRUE(f.peers[1]->rx.prepare_sleep());
    to_receiver(4);
    EXPECT_TRUE(kicked(receiver));
    EXPECT_EQ(f.peers[1]->take().size(), 4u);
    // Age: with kick_ns 0 the end of a round kicks, though frames moved in it.
    f.host.kick_ns = 0;
    ASSERT_TRUE(f.peers[1]->rx.prepare_sleep());
    to_receiver(1);
    EXPECT_FALSE(kicked(receiver));
    busy_round();
    EXPECT_TRUE(kicked(receiver));
    EXPECT_EQ(f.peers[1]->take().size(), 1u);
    // The count is at most half the ring (64 slots here): 32 frames kick at once.
    f.host.kick_ns = 1'000'000'000;
    f.host.kick_frames = 1000;
    ASSERT_TRUE(f.peers[1]->rx.prepare_sleep());
    to_receiver(31);
    EXPECT_FALSE(kicked(receiver));
    to_receiver(1);
    EXPECT_TRUE(kicked(receiver));
    EXPECT_EQ(f.peers[1]->take().size(), 32u);
    // An instance that is awake is never kicked: it finds the frames itself.
    to_receiver(5);
    f.host.run(0);
    EXPECT_FALSE(kicked(receiver));
    EXPECT_EQ(f.peers[1]->take().size(), 5u);
    EXPECT_EQ(f.peers[3]->take().size(), 20u);
}

TEST(Forwarding, CoalescedKicksNeverLeaveAFullRingAsleep) {
    Fixture f(2);
    f.host.bridge("vale0")->table.set_static(mac_key(reinterpret_cast<const uint8_t*>(mac(2).data())), f.ids[1]);
    f.host.kick_frames = 1000;  // capped at half the ring: 32
    f.host.kick_ns = 1'000'000'000;
    f.host.run(0);
    ASSERT_TRUE(f.peers[1]->rx.prepare_sleep());
    // 64 fill the receiver's ring: its instance was kicked on the way; the next 8 find the ring
    // full and the sender is held, not dropped.
    for (int i = 0; i < 64; ++i) f.peers[0]->send(frame(mac(2), mac(1)));
    f.host.forward(f.ids[0]);
    EXPECT_TRUE(kicked(f.host.port(f.ids[1])));
    for (int i = 0; i < 8; ++i) f.peers[0]->send(frame(mac(2), mac(1)));
    f.host.forward(f.ids[0]);
    EXPECT_EQ(f.peers[1]->take().size(), 64u);
    f.host.run(5'000'000);  // room again: the held sender goes on
    EXPECT_EQ(f.peers[1]->take().size(), 8u);
    EXPECT_EQ(f.host.port(f.ids[1])->counters.tx_drops, 0u);
}

TEST(Forwarding, DrainForwardsWhatAGonePeerSentAsFarAsThereIsRoom) {
    Fixture f(2);
    uint64_t m2 = mac_key(reinterpret_cast<const uint8_t*>(mac(2).data()));
    f.host.bridge("vale0")->table.set_static(m2, f.ids[1]);
    f.host.run(0);  // both ports go to sleep
    // 40, then 40 more after the receiver's ring had room for only 24 of them.
    for (int i = 0; i < 40; ++i) f.peers[0]->send(frame(mac(2), mac(1), "n" + std::to_string(i)));
    f.host.drain(f.ids[0]);
    EXPECT_EQ(f.peers[1]->rx.available(), 40u);
    for (int i = 40; i < 80; ++i) f.peers[0]->send(frame(mac(2), mac(1), "n" + std::to_string(i)));
    f.host.drain(f.ids[0]);  // stops at the full receiver instead of waiting or dropping
    EXPECT_EQ(f.peers[1]->rx.available(), 64u);
    EXPECT_EQ(f.host.port(f.ids[1])->counters.tx_drops, 0u);
    EXPECT_TRUE(f.host.remove_port(f.ids[0]));
    auto got = f.peers[1]->take();
    ASSERT_EQ(got.size(), 64u);
    EXPECT_EQ(got.back(), frame(mac(2), mac(1), "n63"));
}

TEST(Forwarding, AnImpossibleRingDoesNotKeepTheSwitchSpinning) {
    Fixture f(2);
    netfront::RingShared* shared = f.peers[0]->tx.shared();
    shared->head.store(shared->tail.load() + 100000);  // claims more slots than the ring has
    for (int i = 0; i < 5; ++i) f.host.run(0);
    Port* p = f.host.port(f.ids[0]);
    EXPECT_EQ(p->counters.polls, 1u);  // looked at once, then asleep like an idle port
    EXPECT_EQ(p->counters.sleeps, 1u);
    EXPECT_EQ(p->counters.rx_packets, 0u);
    EXPECT_TRUE(f.peers[1]->take().empty());
}
