// IPMirror: the expected packets are built by the test with the addresses, ports and
// sequence numbers exchanged, so their checksums are computed afresh by ip_packets.hh; the
// mirrored packets must match them byte for byte (checksums untouched yet valid).
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

IP between(unsigned p, const std::string& src, const std::string& dst) {
    IP f = proto(p);
    f.src = src;
    f.dst = dst;
    f.ttl = 33;
    return f;
}

std::vector<std::string> mirrored(const std::vector<std::string>& packets, int ip_offset = 0) {
    auto b = build("in :: TestInject -> IPMirror -> out :: TestCollect;");
    if (!b.router) return {b.errors};
    for (const auto& p : packets) b.get<TestInject>("in")->send_ip(p, ip_offset);
    return b.get<TestCollect>("out")->data();
}

}  // namespace

TEST(IPMirror, SwapsAddressesPortsAndSequenceNumbers) {
    IP ab = between(6, "10.1.2.3", "192.0.2.77"), ba = between(6, "192.0.2.77", "10.1.2.3");
    std::string tcp = ip_packet(ab, tcp_segment(ab, 5555, 80, 0x11111111, 0x22222222, 0x10, 999, "data"));
    std::string tcp_back = ip_packet(ba, tcp_segment(ba, 80, 5555, 0x22222222, 0x11111111, 0x10, 999, "data"));
    IP uab = between(17, "10.1.2.3", "192.0.2.77"), uba = between(17, "192.0.2.77", "10.1.2.3");
    std::string udp = ip_packet(uab, udp_datagram(uab, 4000, 53, "q"));
    std::string udp_back = ip_packet(uba, udp_datagram(uba, 53, 4000, "q"));
    IP iab = between(1, "10.1.2.3", "192.0.2.77"), iba = between(1, "192.0.2.77", "10.1.2.3");
    std::string icmp = ip_packet(iab, icmp_message(8, 0, be16(7) + be16(8), "abcd"));
    std::string icmp_back = ip_packet(iba, icmp_message(8, 0, be16(7) + be16(8), "abcd"));
    EXPECT_EQ(mirrored({tcp, udp, icmp}), (std::vector<std::string>{tcp_back, udp_back, icmp_back}));
    std::string eth(14, '\x01');
    EXPECT_EQ(mirrored({eth + udp}, 14), std::vector<std::string>{eth + udp_back});
}

TEST(IPMirror, LaterFragmentsKeepTheirPayload) {
    IP ab = between(17, "1.1.1.1", "2.2.2.2"), ba = between(17, "2.2.2.2", "1.1.1.1");
    ab.off = ba.off = 100;
    EXPECT_EQ(mirrored({ip_packet(ab, "12345678")}), std::vector<std::string>{ip_packet(ba, "12345678")});
}

TEST(IPMirror, ShortAndUnmarkedPacketsNeverOverrun) {
    IP ab = between(6, "1.1.1.1", "2.2.2.2"), ba = between(6, "2.2.2.2", "1.1.1.1");
    std::string ports_only = ip_packet(ab, be16(1) + be16(2) + be32(3) + "\x01\x02");  // no ack
    std::string expected = ip_packet(ba, be16(1) + be16(2) + be32(3) + "\x01\x02");
    IP uab = between(17, "1.1.1.1", "2.2.2.2"), uba = between(17, "2.2.2.2", "1.1.1.1");
    EXPECT_EQ(mirrored({ports_only, ip_packet(uab, std::string("\x00\x07\x00\x09", 4))}),
              (std::vector<std::string>{expected, ip_packet(uba, std::string("\x00\x07\x00\x09", 4))}));
    EXPECT_EQ(mirrored({std::string("\x45\x00", 2)}), std::vector<std::string>{std::string("\x45\x00", 2)});
    auto b = build("in :: TestInject -> IPMirror -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("plain bytes, not marked");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{"plain bytes, not marked"});
    EXPECT_NE(errors_of("TestInject -> IPMirror(1) -> TestCollect;"), "");
}
