// SetIPChecksum, SetTCPChecksum and SetUDPChecksum: packets whose checksum fields hold
// garbage come out equal to the packets ip_packets.hh builds with checksums it computes
// itself (big-endian RFC 1071 loop); malformed packets are dropped, never read past.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

// `bytes` with the 16-bit field at `at` overwritten.
std::string with_field(std::string bytes, size_t at, unsigned value) {
    bytes[at] = char(value >> 8);
    bytes[at + 1] = char(value & 0xff);
    return bytes;
}

// What comes out of `element` for each packet, marked at `ip_offset` ("" for none).
std::vector<std::string> through(const std::string& element, const std::vector<std::string>& packets,
                                 int ip_offset = 0) {
    auto b = build("in :: TestInject -> e :: " + element + " -> out :: TestCollect;");
    if (!b.router) return {b.errors};
    for (const auto& p : packets) b.get<TestInject>("in")->send_ip(p, ip_offset);
    return b.get<TestCollect>("out")->data();
}

}  // namespace

TEST(SetIPChecksum, RecomputesPlainAndOptionHeaders) {
    IP plain = proto(17), opts = proto(17);
    opts.options = std::string("\x01\x01\x01\x00", 4);  // NOP NOP NOP EOL
    std::string a = ip_packet(plain, udp_datagram(plain, 1, 2, "x"));
    std::string c = ip_packet(opts, udp_datagram(opts, 1, 2, "yz"));
    EXPECT_EQ(through("SetIPChecksum", {with_field(a, 10, 0xdead), with_field(c, 10, 0), a}),
              (std::vector<std::string>{a, c, a}));
}

TEST(SetIPChecksum, AKnownHeader) {
    // The classic example header (checksum 0xb861, e.g. Wikipedia's IPv4 checksum example).
    std::string h = unhex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
    EXPECT_EQ(through("SetIPChecksum", {h}), std::vector<std::string>{with_field(h, 10, 0xb861)});
}

TEST(SetIPChecksum, HeaderBehindALinkHeader) {
    IP f = proto(1);
    std::string pkt = ip_packet(f, icmp_message(8, 0, be16(1) + be16(2), "ping"));
    std::string eth(14, '\x11');
    EXPECT_EQ(through("SetIPChecksum", {eth + with_field(pkt, 10, 0x1234)}, 14), std::vector<std::string>{eth + pkt});
}

TEST(SetIPChecksum, DropsMalformedPackets) {
    std::string good = udp_packet();
    std::string short_ihl = good;
    short_ihl[0] = 0x44;  // 16-byte header
    std::string long_ihl = good.substr(0, 24);
    long_ihl[0] = 0x4f;  // 60-byte header in a 24-byte packet
    EXPECT_TRUE(through("SetIPChecksum", {good.substr(0, 19), short_ihl, long_ihl}).empty());
    // Unmarked packets too.
    auto b = build("in :: TestInject -> SetIPChecksum -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(good);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
}

TEST(SetIPChecksum, TakesNoArguments) {
    EXPECT_NE(errors_of("TestInject -> SetIPChecksum(1) -> TestCollect;"), "");
}

TEST(SetTCPChecksum, RecomputesOverThePseudoHeader) {
    IP f = proto(6);
    f.src = "192.168.7.9";
    f.dst = "172.16.0.254";
    std::string seg = tcp_segment(f, 40000, 443, 0x01020304, 0x0a0b0c0d, 0x18, 65535, "odd-length data");
    std::string pkt = ip_packet(f, seg);
    std::string empty = ip_packet(f, tcp_segment(f, 1, 2, 3, 4, 0x02, 5));
    EXPECT_EQ(through("SetTCPChecksum", {with_field(pkt, 36, 0), with_field(empty, 36, 0xffff)}),
              (std::vector<std::string>{pkt, empty}));
}

TEST(SetTCPChecksum, IgnoresLinkPaddingAfterTheIPLength) {
    std::string pkt = tcp_packet("abc");
    std::string padded = with_field(pkt, 36, 0x4242) + std::string(6, '\x55');
    EXPECT_EQ(through("SetTCPChecksum", {padded}), std::vector<std::string>{pkt + std::string(6, '\x55')});
}

TEST(SetTCPChecksum, FixOffRepairsTheDataOffset) {
    IP f = proto(6);
    std::string good = ip_packet(f, tcp_segment(f, 1, 2, 3, 4, 0x10, 100, "0123"));  // 24-byte segment
    std::string low = good, high = good;
    low[32] = 0x20;         // 2 words
    high[32] = char(0xf0);  // 15 words, past the segment
    std::string fixed_high = good;
    fixed_high[32] = 0x60;  // 24 / 4 = 6 words
    // The expected checksums are computed by the test over the repaired segments.
    auto resum = [&](std::string p) {
        std::string s = p.substr(20);
        s[16] = s[17] = 0;
        return with_field(p, 36, cksum(pseudo(f.src, f.dst, 6, unsigned(s.size())) + s));
    };
    EXPECT_EQ(through("SetTCPChecksum(true)", {low, high}), (std::vector<std::string>{good, resum(fixed_high)}));
    EXPECT_EQ(through("SetTCPChecksum(FIXOFF false)", {low}), std::vector<std::string>{resum(low)});
}

TEST(SetTCPChecksum, DropsMalformedPackets) {
    std::string tcp = tcp_packet();
    IP f = proto(6);
    std::string short_seg = ip_packet(f, std::string(19, '\0'));
    std::string long_len = with_field(tcp, 2, unsigned(tcp.size() + 1));
    std::string below_header = with_field(tcp, 2, 16);
    EXPECT_TRUE(
        through("SetTCPChecksum", {udp_packet(), short_seg, long_len, below_header, tcp.substr(0, 30)}).empty());
}

TEST(SetTCPChecksum, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> s :: SetTCPChecksum(maybe) -> TestCollect;"),
              "test.click:1:35: s :: SetTCPChecksum: FIXOFF: expected boolean (true/false)\n");
}

TEST(SetUDPChecksum, RecomputesOverThePseudoHeader) {
    IP f = proto(17);
    f.src = "8.8.4.4";
    f.dst = "10.200.3.1";
    std::string pkt = ip_packet(f, udp_datagram(f, 53, 33333, "an odd-length answer"));
    std::string none = ip_packet(f, udp_datagram(f, 53, 33333, "abcd", false));
    EXPECT_EQ(through("SetUDPChecksum", {with_field(pkt, 26, 0x7777), none}),
              (std::vector<std::string>{pkt, ip_packet(f, udp_datagram(f, 53, 33333, "abcd"))}));
}

TEST(SetUDPChecksum, AZeroSumIsSentAsAllOnes) {
    // Choose the data word so that the datagram sums to 0xffff: its checksum is then 0.
    IP f = proto(17);
    std::string base = udp_datagram(f, 7, 7, std::string(2, '\0'), false);
    unsigned partial = sum16(pseudo(f.src, f.dst, 17, unsigned(base.size())) + base);
    unsigned filler = 0xffff - partial;
    std::string data = be16(filler);
    std::string u = udp_datagram(f, 7, 7, data, false);
    ASSERT_EQ(cksum(pseudo(f.src, f.dst, 17, unsigned(u.size())) + u), 0u);
    std::string pkt = ip_packet(f, u);
    EXPECT_EQ(through("SetUDPChecksum", {pkt}), std::vector<std::string>{with_field(pkt, 26, 0xffff)});
}

TEST(SetUDPChecksum, DropsMalformedPackets) {
    std::string udp = udp_packet("hello");  // 20 + 8 + 5 bytes
    EXPECT_TRUE(through("SetUDPChecksum", {tcp_packet(), with_field(udp, 24, 7), with_field(udp, 24, 14),
                                           udp.substr(0, 27), with_field(udp, 2, 26)})
                    .empty());
    EXPECT_NE(errors_of("TestInject -> SetUDPChecksum(1) -> TestCollect;"), "");
}
