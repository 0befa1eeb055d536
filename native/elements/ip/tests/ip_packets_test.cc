// Anchors the test-side builders (ip_packets.hh) on published examples, so the goldens
// the other tests derive with them do not merely echo the elements' own arithmetic.
#include "ip_packets.hh"

#include <gtest/gtest.h>

using namespace clickos::testing;
using namespace iptest;

TEST(IPTestPackets, ChecksumMatchesRfc1071Example) {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement).
    EXPECT_EQ(sum16(unhex("0001 f203 f4f5 f6f7")), 0xddf2u);
    EXPECT_EQ(cksum(unhex("0001 f203 f4f5 f6f7")), 0x220du);
}

TEST(IPTestPackets, HeaderMatchesTheWellKnownExample) {
    // The IPv4 header example used by Wikipedia's "Internet checksum" article: checksum b861.
    IP f;
    f.proto = 17;
    f.off = 0x4000;
    f.src = "192.168.0.1";
    f.dst = "192.168.0.199";
    f.length = 0x73;
    EXPECT_EQ(hex(ip_header(f, 0)),
              "4500007300004000"
              "4011b861"
              "c0a80001c0a800c7");
}

TEST(IPTestPackets, TransportChecksumsAgreeWithTshark) {
    // These bytes were fed to tshark (text2pcap -l 101; ip/tcp/udp checksum validation on),
    // which reported every IP, TCP, UDP and ICMP checksum as good.
    EXPECT_EQ(hex(tcp_packet()),
              "45000028000000004006"
              "66ce"
              "0a0000010a000002"
              "04d20050000003e8000000005002"
              "2000"
              "72d6"
              "0000");
    EXPECT_EQ(hex(udp_packet()),
              "45000021000000004011"
              "66ca"
              "0a0000010a000002"
              "13880035000d"
              "9442"
              "68656c6c6f");
    EXPECT_EQ(hex(udp_packet("odd")),
              "4500001f000000004011"
              "66cc"
              "0a0000010a000002"
              "13880035000b"
              "04b4"
              "6f6464");
    EXPECT_EQ(hex(icmp_echo_packet()),
              "45000024000000004001"
              "66d7"
              "0a0000010a000002"
              "0800"
              "2e37"
              "12340001"
              "70696e6764617461");
}
