// Throughput of IPRewriter on the traffic of ../shared/bench/nat.click: 1000 UDP flows, each
// replaced by a new flow (new ports) after 50 packets, batches of 32, every flow rewritten to
// one public address. Packets come unshared, or as FastUDPFlows sends them: clones of a
// template per flow, which the rewriter copies before writing. The generator's own cost
// (making packets, Counter, Discard) is measured with the rewriter taken out and subtracted.
// Times are this thread's CPU time.
#include <gtest/gtest.h>
#include <time.h>

#include <cstdio>

#include "nat/iprewriter.hh"
#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

// Like FastUDPFlows: a template packet per flow, sent as clones (so the rewriter must copy
// each one before writing), or as fresh copies.
struct Generator {
    std::vector<Packet*> flows;
    std::vector<int> sent;
    uint32_t rng = 12345;
    size_t next = 0;
    const int flow_size = 50;
    const bool clones;

    explicit Generator(bool clone) : flows(1000, nullptr), sent(1000, 0), clones(clone) {
        for (size_t i = 0; i < flows.size(); ++i) renew(i);
    }
    ~Generator() {
        for (Packet* p : flows) p->kill();
    }
    uint16_t random_port() {
        rng = rng * 1103515245 + 12345;
        return uint16_t(rng >> 16);
    }
    void renew(size_t i) {
        Options o;
        o.payload = std::string(64 - 14 - 28, 'x');  // 64-byte frames before Strip(14)
        if (flows[i]) flows[i]->kill();
        flows[i] = annotated(ip_packet({"10.0.0.1", random_port(), "192.168.1.7", random_port()}, o));
        sent[i] = 0;
    }
    Packet* make() {
        size_t i = next;
        next = next + 1 == flows.size() ? 0 : next + 1;
        if (++sent[i] > flow_size) renew(i), sent[i] = 1;
        if (clones) return flows[i]->clone();
        Packet* p = Packet::make(flows[i]->data(), flows[i]->length());
        p->set_network_header(p->data(), 20);
        return p;
    }
};

double run(const std::string& config, uint64_t packets, bool clones) {
    auto b = build(config);
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return 0;
    Element* in = b["in"];
    Generator gen(clones);
    // CPU time of this thread: the machine is shared, wall time counts other people's work.
    auto cpu = [] {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
    };
    double start = cpu();
    for (uint64_t n = 0; n < packets; n += 32) {
        PacketBatch batch;
        for (int k = 0; k < 32; ++k) batch.append(gen.make());
        in->output(0).push_batch(batch);
    }
    double secs = cpu() - start;
    EXPECT_EQ(b.read("c.count"), std::to_string(packets) + "\n");
    return secs;
}

}  // namespace

TEST(RewriterBench, NatConfigThroughput) {
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
    const uint64_t packets = 200'000;
#else
    const uint64_t packets = 4'000'000;
#endif
    const std::string rewriter =
        "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 0) -> c :: Counter -> Discard;";
    double ns[2];
    for (bool clones : {false, true}) {
        double base = run("in :: TestInject -> c :: Counter -> Discard;", packets, clones);
        double with = run(rewriter, packets, clones);
        ns[clones] = (with - base) * 1e9 / double(packets);
        std::printf("[ bench    ] %s: generator %.1f ns/packet, IPRewriter %.1f ns/packet (%.1f Mpps on its own)\n",
                    clones ? "cloned packets (copied first)" : "unshared packets", base * 1e9 / double(packets),
                    ns[clones], 1e3 / ns[clones]);
    }
#if !defined(__SANITIZE_ADDRESS__) && defined(NDEBUG)
    // 5.8 Mpps for the whole nat.click pipeline leaves the rewriter well under 100 ns.
    EXPECT_LT(ns[0], 100.0);
    EXPECT_LT(ns[1], 130.0);
#endif
}
