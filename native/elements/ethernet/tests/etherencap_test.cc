// EtherEncap: the header bytes written by hand from the Ethernet frame layout
// (destination, source, type).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(EtherEncap, PrependsHeader) {
    auto b = build(
        "in :: TestInject -> e :: EtherEncap(0x0800, 00:11:22:33:44:55, 66:77:88:99:aa:bb) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("PAYLOAD");
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]),
              "66778899aabb"
              "001122334455"
              "0800" +
                  hex("PAYLOAD"));
    EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->mac_header(), b.get<TestCollect>("out")->packets[0]->data());
}

TEST(EtherEncap, HandlersChangeTheHeader) {
    auto b = build("in :: TestInject -> e :: EtherEncap(0x0800, 0:0:0:0:0:1, 0:0:0:0:0:2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("e.ethertype", "0x86dd"), "");
    EXPECT_EQ(b.write("e.dst", "ff:ff:ff:ff:ff:ff"), "");
    EXPECT_EQ(b.read("e.ethertype"), "0x86dd\n");
    b.get<TestInject>("in")->send("");
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[0]), "ffffffffffff00000000000186dd");
    EXPECT_EQ(b.write("e.src", "nope"), "src: expected Ethernet address");
}

TEST(EtherEncap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> EtherEncap(0x0800, 1:2:3:4:5:6) -> TestCollect;"),
              "test.click:1:15: EtherEncap@2 :: EtherEncap: missing mandatory DST argument\n");
    EXPECT_EQ(errors_of("TestInject -> EtherEncap(0x10000, 1:2:3:4:5:6, 1:2:3:4:5:6) -> TestCollect;"),
              "test.click:1:26: EtherEncap@2 :: EtherEncap: ETHERTYPE: integer out of range (0 to 65535)\n");
}
