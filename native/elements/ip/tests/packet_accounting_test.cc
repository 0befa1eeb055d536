// Every packet that enters the IP elements leaves them or is killed: after good, bad and
// truncated packets (single and batched) go through every element, the pool holds as many
// free packets as it allocated.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(IPElements, NoPacketIsLost) {
    auto b = build(R"(
        in :: TestInject -> t :: Tee(3);
        t[0] -> ck :: CheckIPHeader -> c2 :: Tee(4);
        c2[0] -> CheckTCPHeader -> Discard;
        c2[1] -> cu :: CheckUDPHeader -> Discard; cu[1] -> Discard;
        c2[2] -> CheckICMPHeader -> Discard;
        c2[3] -> DecIPTTL -> g :: IPGWOptions(1.2.3.4) -> FixIPSrc(5.6.7.8) -> GetIPAddress(IP src)
              -> IPPrint(ACTIVE false) -> StripIPHeader -> Discard;
        g[1] -> Discard;
        t[1] -> MarkIPHeader -> dt :: DecIPTTL -> ig :: IPGWOptions(1.2.3.4) -> Discard;
        dt[1] -> Discard; ig[1] -> Discard;
        t[2] -> CheckIPHeader2 -> q :: Queue -> Unqueue(BURST 4) -> SetIPAddress(1.1.1.1) -> Discard;
    )");
    ASSERT_TRUE(b.router) << b.errors;
    IP rr = proto(17), expired = proto(6);
    rr.options = unhex("070b04 00000000 00000000 00");
    expired.ttl = 1;
    std::vector<std::string> packets = {udp_packet(),
                                        tcp_packet("x"),
                                        icmp_echo_packet(),
                                        ip_packet(rr, udp_datagram(rr, 1, 2, "")),
                                        ip_packet(expired, tcp_segment(expired, 1, 2, 3, 4, 5, 6)),
                                        udp_packet().substr(0, 25),
                                        "",
                                        "E",
                                        std::string(60, '\xff')};
    PacketPool& pool = PacketPool::local();
    ::testing::internal::CaptureStderr();  // first-failure messages
    for (int round = 0; round < 3; ++round) {
        for (const auto& p : packets) b.get<TestInject>("in")->send(p);
        b.get<TestInject>("in")->send_batch(packets);
    }
    b.router->run_for(50'000'000);  // drains the Queue (once: an idle router stops for good)
    ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(b.read("q.length"), "0\n");
    EXPECT_EQ(pool.allocated(), pool.free_count());
}
