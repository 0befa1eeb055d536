// IPEncap and UDPIPEncap: expected headers written by hand from RFC 791 and RFC 768
// (checksums worked out on paper and cross-checked with the test's own RFC 1071 sum).
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(IPEncap, PrependsHeaderWithCountingIdentification) {
    auto b = build("in :: TestInject -> e :: IPEncap(gre, 10.0.0.1, 10.0.0.2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("ABCD");
    b.get<TestInject>("in")->send("ABCD");
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    // 4500 0018 0000 0000 fa2f + 0a00 0001 0a00 0002 sums to 0x1534a -> 0x534b -> ~ = 0xacb4.
    EXPECT_EQ(hex(got[0]),
              "45000018"
              "00000000"
              "fa2facb4"
              "0a000001"
              "0a000002"
              "41424344");
    // Identification 1: the sum grows by one, the checksum drops by one.
    EXPECT_EQ(hex(got[1]),
              "45000018"
              "00010000"
              "fa2facb3"
              "0a000001"
              "0a000002"
              "41424344");
    EXPECT_EQ(rfc1071(got[0].substr(0, 20)), 0u);
    Packet* p = b.get<TestCollect>("out")->packets[0];
    EXPECT_EQ(p->network_header(), p->data());
    EXPECT_EQ(p->network_header_length(), 20u);
    EXPECT_EQ(p->dst_ip_anno(), htonl(0x0a000002));
}

TEST(IPEncap, Keywords) {
    auto b = build(
        "in :: TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, TTL 64, DSCP 46, ECT 2, DF true) -> a :: TestCollect;"
        "in2 :: TestInject -> IPEncap(ipip, 1.2.3.4, 5.6.7.8, TOS 0x10) -> b :: TestCollect;"
        "in3 :: TestInject -> IPEncap(udp, 1.2.3.4, 5.6.7.8, CE true, DSCP 1) -> c :: TestCollect;"
        "in4 :: TestInject -> IPEncap(17, 1.2.3.4, 5.6.7.8, ECT true) -> d :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (const char* in : {"in", "in2", "in3", "in4"}) b.get<TestInject>(in)->send("");
    // TOS: DSCP 46 << 2 = 0xb8, | ECT(0) 2 = 0xba; DF 0x4000; TTL 0x40; protocol 4.
    EXPECT_EQ(b.get<TestCollect>("a")->data()[0],
              ipv4_header(0xba, 20, 0, 0x4000, 64, 4, addr(1, 2, 3, 4), addr(5, 6, 7, 8)));
    EXPECT_EQ(b.get<TestCollect>("b")->data()[0],
              ipv4_header(0x10, 20, 0, 0, 250, 4, addr(1, 2, 3, 4), addr(5, 6, 7, 8)));
    EXPECT_EQ(b.get<TestCollect>("c")->data()[0],
              ipv4_header(0x07, 20, 0, 0, 250, 17, addr(1, 2, 3, 4), addr(5, 6, 7, 8)));
    EXPECT_EQ(b.get<TestCollect>("d")->data()[0],
              ipv4_header(0x01, 20, 0, 0, 250, 17, addr(1, 2, 3, 4), addr(5, 6, 7, 8)));
}

TEST(IPEncap, DestinationFromAnnotation) {
    auto b = build("in :: TestInject -> e :: IPEncap(tcp, 1.1.1.1, DST_ANNO) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make("x");
    p->set_dst_ip_anno(htonl(0x09090909));
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(b.get<TestCollect>("out")->data()[0],
              ipv4_header(0, 21, 0, 0, 250, 6, addr(1, 1, 1, 1), addr(9, 9, 9, 9)) + "x");
    EXPECT_EQ(b.read("e.dst"), "DST_ANNO\n");
}

TEST(IPEncap, HandlersChangeTheHeader) {
    auto b = build("in :: TestInject -> e :: IPEncap(gre, 10.0.0.1, 10.0.0.2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.src"), "10.0.0.1\n");
    EXPECT_EQ(b.read("e.dst"), "10.0.0.2\n");
    EXPECT_EQ(b.write("e.src", "192.168.0.1"), "");
    EXPECT_EQ(b.write("e.dst", "nope"), "dst: expected IP address or DST_ANNO");
    EXPECT_EQ(b.write("e.src", "300.1.1.1"), "src: expected IP address");
    EXPECT_EQ(b.read("e.src"), "192.168.0.1\n");
    EXPECT_EQ(b.read("e.dst"), "10.0.0.2\n");
    b.get<TestInject>("in")->send("");
    EXPECT_EQ(b.get<TestCollect>("out")->data()[0],
              ipv4_header(0, 20, 0, 0, 250, 47, addr(192, 168, 0, 1), addr(10, 0, 0, 2)));
    EXPECT_EQ(b.write("e.dst", "DST_ANNO"), "");
    EXPECT_EQ(b.read("e.dst"), "DST_ANNO\n");
}

TEST(IPEncap, OversizedPacketsAreDropped) {
    auto b = build("in :: TestInject -> IPEncap(gre, 1.1.1.1, 2.2.2.2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(std::string(65516, 'x'));
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    b.get<TestInject>("in")->send(std::string(65515, 'x'));
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0].substr(2, 2)), "ffff");
}

TEST(IPEncap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> IPEncap(gre, 1.2.3.4) -> TestCollect;"),
              "test.click:1:15: IPEncap@2 :: IPEncap: missing mandatory DST argument\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(bogus, 1.2.3.4, 5.6.7.8) -> TestCollect;"),
              "test.click:1:23: IPEncap@2 :: IPEncap: PROTO: expected IP protocol (0 to 255, or a name such as "
              "tcp, udp, gre)\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(256, 1.2.3.4, 5.6.7.8) -> TestCollect;"),
              "test.click:1:23: IPEncap@2 :: IPEncap: PROTO: expected IP protocol (0 to 255, or a name such as "
              "tcp, udp, gre)\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, TOS 1, DSCP 2) -> TestCollect;"),
              "test.click:1:15: IPEncap@2 :: IPEncap: TOS cannot be combined with DSCP, ECT or CE\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, DSCP 64) -> TestCollect;"),
              "test.click:1:44: IPEncap@2 :: IPEncap: DSCP: expected integer 0 to 63\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, ECT 3) -> TestCollect;"),
              "test.click:1:44: IPEncap@2 :: IPEncap: ECT: expected boolean or 2\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, ECT true, CE true) -> TestCollect;"),
              "test.click:1:15: IPEncap@2 :: IPEncap: ECT and CE cannot both be set\n");
    EXPECT_EQ(errors_of("TestInject -> IPEncap(4, 1.2.3.4, 5.6.7.8, TTL 256) -> TestCollect;"),
              "test.click:1:44: IPEncap@2 :: IPEncap: TTL: integer out of range (0 to 255)\n");
}

TEST(UDPIPEncap, GoldenPacket) {
    auto b = build("in :: TestInject -> UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("hi");
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    // IP: 4500 001e 0000 0000 fa11 0a00 0001 0a00 0002 -> 0x15332 -> 0x5333 -> ~ = 0xaccc.
    // UDP: pseudo-header 0a00 0001 0a00 0002 0011 000a + 04d2 162e 000a + 6869 = 0x9791 -> ~ = 0x686e.
    EXPECT_EQ(hex(got[0]),
              "4500001e00000000fa11accc0a0000010a000002"
              "04d2162e000a686e"
              "6869");
    Packet* p = b.get<TestCollect>("out")->packets[0];
    EXPECT_EQ(p->network_header(), p->data());
    EXPECT_EQ(p->transport_header(), p->data() + 20);
    EXPECT_EQ(p->dst_ip_anno(), htonl(0x0a000002));
}

TEST(UDPIPEncap, ChecksumOffAndZeroChecksum) {
    auto b = build(
        "in :: TestInject -> UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678, false) -> a :: TestCollect;"
        "in2 :: TestInject -> UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678, CHECKSUM true) -> b :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("hi");
    EXPECT_EQ(hex(b.get<TestCollect>("a")->data()[0].substr(20, 8)), "04d2162e000a0000");
    // Without data the sum is 0x2f28; data 0xd0d7 brings it to 0xffff, whose complement 0
    // must be sent as 0xffff.
    b.get<TestInject>("in2")->send(unhex("d0d7"));
    EXPECT_EQ(hex(b.get<TestCollect>("b")->data()[0].substr(20, 8)), "04d2162e000affff");
}

TEST(UDPIPEncap, DestinationAnnotationAndHandlers) {
    auto b = build("in :: TestInject -> u :: UDPIPEncap(1.1.1.1, 1, DST_ANNO, 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("u.src"), "1.1.1.1\n");
    EXPECT_EQ(b.read("u.sport"), "1\n");
    EXPECT_EQ(b.read("u.dst"), "DST_ANNO\n");
    EXPECT_EQ(b.read("u.dport"), "2\n");
    EXPECT_EQ(b.write("u.sport", "53"), "");
    EXPECT_EQ(b.write("u.dport", "70000"), "dport: integer out of range (0 to 65535)");
    EXPECT_EQ(b.write("u.src", "x"), "src: expected IP address");
    EXPECT_EQ(b.read("u.dport"), "2\n");
    EXPECT_EQ(b.read("u.src"), "1.1.1.1\n");
    Packet* p = TestInject::make("");
    p->set_dst_ip_anno(htonl(0x02020202));
    b.get<TestInject>("in")->send(p);
    std::string got = b.get<TestCollect>("out")->data()[0];
    EXPECT_EQ(got.substr(0, 20), ipv4_header(0, 28, 0, 0, 250, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)));
    std::string pseudo = addr(1, 1, 1, 1) + addr(2, 2, 2, 2) + be16(17) + be16(8);
    EXPECT_EQ(got.substr(20, 6), be16(53) + be16(2) + be16(8));
    EXPECT_EQ(rfc1071(pseudo + got.substr(20)), 0u);
    EXPECT_EQ(b.write("u.dst", "3.3.3.3"), "");
    EXPECT_EQ(b.read("u.dst"), "3.3.3.3\n");
}

TEST(UDPIPEncap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> UDPIPEncap(1.1.1.1, 1, 2.2.2.2) -> TestCollect;"),
              "test.click:1:15: UDPIPEncap@2 :: UDPIPEncap: missing mandatory DPORT argument\n");
    EXPECT_EQ(errors_of("TestInject -> UDPIPEncap(1.1.1.1, 65536, 2.2.2.2, 1) -> TestCollect;"),
              "test.click:1:35: UDPIPEncap@2 :: UDPIPEncap: SPORT: integer out of range (0 to 65535)\n");
    EXPECT_EQ(errors_of("TestInject -> UDPIPEncap(1.1.1.1, 1, 2.2.2.2, 1, maybe) -> TestCollect;"),
              "test.click:1:50: UDPIPEncap@2 :: UDPIPEncap: CHECKSUM: expected boolean (true/false)\n");
}
