// Throughput of AggregateIPFlows and AggregateCounter on 1000 TCP flows in turn, batches of 32,
// unshared timestamped packets; the cost of making the packets and of Discard is measured
// alone and subtracted. Prints figures; it asserts only what the elements counted.
#include <gtest/gtest.h>
#include <time.h>

#include <cstdio>

#include "analysis_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace analysis_test;

namespace {

double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double run(Built& b, const std::vector<std::string>& flows, uint64_t packets) {
    Element* in = b["in"];
    size_t next = 0;
    double start = cpu_seconds();
    for (uint64_t n = 0; n < packets; n += 32) {
        PacketBatch batch;
        for (int k = 0; k < 32; ++k) {
            const std::string& s = flows[next];
            next = next + 1 == flows.size() ? 0 : next + 1;
            batch.append(stamped(s, 1000 + double(n) * 1e-6));
        }
        in->output(0).push_batch(batch);
    }
    return cpu_seconds() - start;
}

}  // namespace

TEST(AnalysisBench, AggregateIPFlowsAndCounter) {
    const uint64_t n = 2'000'000;
    std::vector<std::string> flows;
    for (int i = 0; i < 1000; ++i) flows.push_back(tcp({"10.0.0.1", uint16_t(1024 + i), "10.0.0.2", 80}, 0x10));
    auto base = build("in :: TestInject -> Discard;");
    auto af = build("in :: TestInject -> AggregateIPFlows -> Discard;");
    auto both = build("in :: TestInject -> AggregateIPFlows -> ac :: AggregateCounter -> Discard;");
    ASSERT_TRUE(base.router && af.router && both.router);
    const double b0 = run(base, flows, n), b1 = run(af, flows, n), b2 = run(both, flows, n);
    EXPECT_EQ(both.read("ac.nagg"), "1000\n");
    std::printf("[ bench    ] AggregateIPFlows: %.1f ns/packet; with AggregateCounter: %.1f ns/packet (1000 flows)\n",
                (b1 - b0) * 1e9 / double(n), (b2 - b0) * 1e9 / double(n));
}
