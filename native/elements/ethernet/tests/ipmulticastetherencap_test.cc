// IPMulticastEtherEncap: destinations worked out by hand from RFC 1112 (01:00:5e, then the
// group address's low 23 bits: 224.1.2.3 -> 01:00:5e:01:02:03, 239.129.2.3 -> 01:00:5e:01:02:03).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
// A 20-byte IPv4 header to `dst` (4 hex bytes); the checksum is not looked at.
std::string ip_to(const std::string& dst) {
    return unhex("45000014 00000000 40110000 0a000001" + dst);
}
}  // namespace

TEST(IPMulticastEtherEncap, MapsTheGroupToItsEthernetAddress) {
    auto b = build("in :: TestInject -> e :: IPMulticastEtherEncap(0x0800, 00:11:22:33:44:55) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({ip_to("e0010203"), ip_to("ef810203"), ip_to("efffffff")});
    auto& out = *b.get<TestCollect>("out");
    EXPECT_EQ(out.data(), (std::vector<std::string>{unhex("01005e010203 001122334455 0800") + ip_to("e0010203"),
                                                    unhex("01005e010203 001122334455 0800") + ip_to("ef810203"),
                                                    unhex("01005e7fffff 001122334455 0800") + ip_to("efffffff")}));
    EXPECT_EQ(out.packets[0]->mac_header(), out.packets[0]->data());
}

TEST(IPMulticastEtherEncap, FindsTheHeaderThroughTheAnnotation) {
    auto b = build("in :: TestInject -> IPMulticastEtherEncap(0x0800, 0:0:0:0:0:1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip("ZZ" + ip_to("e00000fb"), 2);  // 224.0.0.251 (mDNS)
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              std::vector<std::string>{unhex("01005e0000fb 000000000001 0800") + "ZZ" + ip_to("e00000fb")});
}

TEST(IPMulticastEtherEncap, UnicastAndMalformedPacketsAreDropped) {
    auto b = build("in :: TestInject -> e :: IPMulticastEtherEncap(0x0800, 0:0:0:0:0:1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string v6 = ip_to("e0010203");
    v6[0] = 0x65;
    b.get<TestInject>("in")->send_batch(
        {ip_to("0a000002"), ip_to("f0000001"), ip_to("e0010203").substr(0, 19), v6, ""});
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("e.drops"), "5\n");
}

TEST(IPMulticastEtherEncap, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> e :: IPMulticastEtherEncap(0x0800, 0:0:0:0:0:1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.ethertype"), "0x0800\n");
    EXPECT_EQ(b.write("e.src", "02:00:00:00:00:09"), "");
    EXPECT_EQ(b.read("e.src"), "02:00:00:00:00:09\n");
    EXPECT_EQ(b.write("e.ethertype", "0x10000"), "ethertype: integer out of range (0 to 65535)");
    EXPECT_EQ(errors_of("TestInject -> IPMulticastEtherEncap(0x0800) -> TestCollect;"),
              "test.click:1:15: IPMulticastEtherEncap@2 :: IPMulticastEtherEncap: missing mandatory SRC argument\n");
    EXPECT_EQ(errors_of("TestInject -> IPMulticastEtherEncap(0x0800, 1:2:3) -> TestCollect;"),
              "test.click:1:45: IPMulticastEtherEncap@2 :: IPMulticastEtherEncap: SRC: expected Ethernet address\n");
}
