// The NAT helpers on random variations of valid packets: every packet that goes in is killed
// or comes out (the packet pool stays bounded), whatever the headers say.
#include <gtest/gtest.h>

#include <random>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

void run_random(const std::string& graph, const char* what) {
    auto b = build("in :: TestInject -> " + graph);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    const std::vector<std::string> seeds = {
        udp({"10.0.0.1", 5000, "8.8.8.8", 53}),
        tcp({"1.0.0.2", 6587, "2.0.0.2", 21}, 0x18, "PORT 1,0,0,2,3,9\r\n"),
        echo("10.0.0.1", "8.8.8.8", 77, true),
        echo("8.8.8.8", "203.0.113.1", 1024, false),
        icmp_error("192.0.2.1", "203.0.113.1", 11, 0, udp({"203.0.113.1", 5000, "8.8.8.8", 53})),
    };
    std::mt19937 rng(12345);
    const size_t before = PacketPool::local().allocated();
    for (int i = 0; i < 200000; ++i) {
        std::string p = seeds[rng() % seeds.size()];
        for (int k = rng() % 4; k > 0; --k) p[rng() % p.size()] = char(rng());
        if (rng() % 8 == 0) p.resize(rng() % p.size());
        if (rng() % 2)
            in->send_ip(p);
        else
            in->send_batch({p, p});
    }
    // Each pool slab holds many packets; a leak of one packet in a thousand would need hundreds.
    EXPECT_LE(PacketPool::local().allocated() - before, 4096u) << what;
}

}  // namespace

TEST(NatHelpers, NoPacketLeaksOnRandomInput) {
    run_random(
        "ar :: IPAddrRewriter(pattern 198.51.100.1-198.51.100.6 - 0 1, MAPPING_CAPACITY 8) -> Discard; ar[1] -> "
        "Discard;",
        "IPAddrRewriter");
    run_random(
        "pr :: IPAddrPairRewriter(pattern 198.51.100.0/29# - 0 1, MAPPING_CAPACITY 8) -> Discard; pr[1] -> Discard;",
        "IPAddrPairRewriter");
    run_random(
        "ping :: ICMPPingRewriter(pattern 203.0.113.1 1024-1100 - - 0 1, MAPPING_CAPACITY 8) -> Discard; ping[1] -> "
        "Discard;",
        "ICMPPingRewriter");
    run_random(
        "t :: Tee(2); t[0] -> iprw :: IPRewriter(pattern 203.0.113.1 1024-1100 - - 0 1) -> Discard; iprw[1] -> "
        "Discard; t[1] -> ICMPRewriter(iprw) -> Discard;",
        "ICMPRewriter");
    run_random(
        "FTPPortMapper(tcprw, tcprw, 203.0.113.9 9000-9010 - - 0 1) -> tcprw :: TCPRewriter(pattern 203.0.113.1 "
        "1024-1100 - - 0 1, MAPPING_CAPACITY 8) -> Discard; tcprw[1] -> Discard;",
        "FTPPortMapper");
}
