// Lookup speed on the benchmark's table (router.click: 1000 /24s and a default route),
// printed rather than asserted because test machines are shared and noisy. The batch
// figure includes making each packet.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "iproute/iproutetable.hh"
#include "route_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace routetest;

namespace {

std::string bench_routes() {
    std::string s;
    for (int i = 0; i < 1000; ++i)
        s += "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0/24 " + std::to_string(i % 4) + ", ";
    return s + "0.0.0.0/0 4";
}

class Speed : public ::testing::TestWithParam<const char*> {};

TEST_P(Speed, BenchTable) {
    auto b = build("in :: TestInject -> rt :: " + std::string(GetParam()) + "(" + bench_routes() +
                   "); c :: Counter -> Discard; rt[0] -> c; rt[1] -> c; rt[2] -> c; rt[3] -> c; rt[4] -> c;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* rt = dynamic_cast<IPRouteTable*>(b["rt"]);
    // Destinations spread over the table, like many flows.
    uint32_t addrs[64];
    for (int i = 0; i < 64; ++i) addrs[i] = htonl(0x0a000009u + uint32_t(i * 997 % 1024) * 256);
    const int n = 4'000'000;
    auto t0 = std::chrono::steady_clock::now();
    uint64_t sum = 0;
    for (int i = 0; i < n; ++i) {
        uint32_t gw;
        sum += uint32_t(rt->lookup_route(addrs[i & 63], gw));
    }
    double lookup_ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / n;
    EXPECT_GT(sum, 0u);

    const int batches = 100'000;
    t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < batches; ++k) {
        PacketBatch batch;
        for (int i = 0; i < 32; ++i) {
            Packet* p = Packet::make(64);
            p->set_dst_ip_anno(addrs[(k + i) & 63]);
            batch.append(p);
        }
        b["in"]->output(0).push_batch(batch);
    }
    double batch_ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() / (batches * 32.0);
    EXPECT_EQ(b.read("c.count"), std::to_string(batches * 32) + "\n");
    std::printf("%s: lookup %.1f ns; make + route + count + discard %.1f ns/packet (%.1f Mpps)\n", GetParam(),
                lookup_ns, batch_ns, 1000.0 / batch_ns);
}

INSTANTIATE_TEST_SUITE_P(Tables, Speed, ::testing::Values("RadixIPLookup", "DirectIPLookup", "RangeIPLookup"));

}  // namespace
