// Throughput of the NAT helpers with their own packet path (IPAddrRewriter, IPAddrPairRewriter,
// ICMPPingRewriter) on 1000 flows in turn, batches of 32, unshared packets. The cost of making
// the packets and of Counter and Discard is measured alone and subtracted. Prints figures; it
// asserts only that every packet came through (performance is judged in benchmarks).
#include <gtest/gtest.h>
#include <time.h>

#include <cstdio>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

double cpu_seconds() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double run(const std::string& element, const std::vector<std::string>& flows, uint64_t packets) {
    auto b = build("in :: TestInject -> " + element + " -> c :: Counter -> Discard;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return 0;
    Element* in = b["in"];
    size_t next = 0;
    double start = cpu_seconds();
    for (uint64_t n = 0; n < packets; n += 32) {
        PacketBatch batch;
        for (int k = 0; k < 32; ++k) {
            const std::string& s = flows[next];
            next = next + 1 == flows.size() ? 0 : next + 1;
            Packet* p = Packet::make(s.data(), uint32_t(s.size()));
            p->set_network_header(p->data(), 20);
            batch.append(p);
        }
        in->output(0).push_batch(batch);
    }
    double secs = cpu_seconds() - start;
    EXPECT_EQ(b.read("c.count"), std::to_string(packets) + "\n");
    return secs;
}

}  // namespace

TEST(NatHelpersBench, PacketsPerSecondOnTheirOwn) {
    const uint64_t n = 2'000'000;
    std::vector<std::string> hosts, pings;
    for (int i = 0; i < 1000; ++i) {
        hosts.push_back(
            udp({"10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1), 5000, "8.8.8.8", 53},
                std::string(22, 'x')));
        pings.push_back(echo("10.0.0.1", "8.8.8.8", uint16_t(100 + i), true));
    }
    const double base_hosts = run("Null", hosts, n), base_pings = run("Null", pings, n);
    struct Case {
        const char* name;
        std::string element;
        const std::vector<std::string>* flows;
        double base;
    } cases[] = {
        {"IPAddrRewriter", "IPAddrRewriter(pattern 198.51.100.0/22# - 0 0)", &hosts, base_hosts},
        {"IPAddrPairRewriter", "IPAddrPairRewriter(pattern 198.51.100.0/22# - 0 0)", &hosts, base_hosts},
        {"ICMPPingRewriter", "ICMPPingRewriter(pattern 203.0.113.1 1024-65535 - - 0 0)", &pings, base_pings},
    };
    for (const auto& c : cases) {
        double secs = run(c.element, *c.flows, n) - c.base;
        double ns = secs * 1e9 / double(n);
        std::printf("[ bench    ] %s: %.1f ns/packet (%.1f Mpps on its own), 1000 flows\n", c.name, ns,
                    ns > 0 ? 1e3 / ns : 0.0);
    }
}
