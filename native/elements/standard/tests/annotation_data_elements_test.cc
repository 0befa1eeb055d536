// SetAnnoByte, SetPacketType, StoreData: annotations and bytes written, from their
// documentation.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

using Strings = std::vector<std::string>;

TEST(SetAnnoByte, WritesTheByte) {
    auto b = build("in :: TestInject -> s :: SetAnnoByte(25, 0xab) -> SetAnnoByte(PAINT, 9) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    b.get<TestInject>("in")->send_batch({"b", "c"});
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 3u);
    for (Packet* p : got) {
        EXPECT_EQ(p->anno()[25], 0xab);
        EXPECT_EQ(p->anno()[24], 0);
        EXPECT_EQ(p->anno()[26], 0);
        EXPECT_EQ(p->paint_anno(), 9);
    }
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"a", "b", "c"}));
    EXPECT_EQ(b.read("s.offset"), "25\n");
    EXPECT_EQ(b.read("s.value"), "171\n");
}

TEST(SetAnnoByte, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> SetAnnoByte(3) -> TestCollect;"),
              "test.click:1:15: SetAnnoByte@2 :: SetAnnoByte: missing mandatory VALUE argument\n");
    EXPECT_EQ(errors_of("TestInject -> SetAnnoByte(3, 256) -> TestCollect;"),
              "test.click:1:30: SetAnnoByte@2 :: SetAnnoByte: VALUE: integer out of range (0 to 255)\n");
    EXPECT_EQ(errors_of("TestInject -> SetAnnoByte(48, 1) -> TestCollect;"),
              "test.click:1:27: SetAnnoByte@2 :: SetAnnoByte: OFFSET: expected annotation name (PAINT, DST_IP, ...) "
              "or offset below 48\n");
}

TEST(SetPacketType, SetsTheType) {
    auto b = build("in :: TestInject -> s :: SetPacketType(otherhost) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.get<TestCollect>("out")->packets.at(0)->packet_type_anno(), PacketType::OtherHost);
    EXPECT_EQ(b.read("s.type"), "OTHERHOST\n");
    EXPECT_EQ(b.write("s.type", "BROADCAST"), "");
    b.get<TestInject>("in")->send_batch({"b", "c"});
    EXPECT_EQ(b.get<TestCollect>("out")->packets.at(2)->packet_type_anno(), PacketType::Broadcast);
    EXPECT_EQ(b.write("s.type", "ANYCAST"),
              "type: expected packet type (HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING, LOOPBACK, FASTROUTE)");
    EXPECT_EQ(b.read("s.type"), "BROADCAST\n");
}

TEST(SetPacketType, EveryNameAndBadArguments) {
    const std::pair<const char*, PacketType> names[] = {
        {"HOST", PacketType::Host},           {"BROADCAST", PacketType::Broadcast},
        {"MULTICAST", PacketType::Multicast}, {"OTHERHOST", PacketType::OtherHost},
        {"OUTGOING", PacketType::Outgoing},   {"LOOPBACK", PacketType::Loopback},
        {"FASTROUTE", PacketType::FastRoute},
    };
    for (auto& [name, type] : names) {
        auto b = build(std::string("in :: TestInject -> SetPacketType(") + name + ") -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send("x");
        EXPECT_EQ(b.get<TestCollect>("out")->packets.at(0)->packet_type_anno(), type) << name;
    }
    EXPECT_EQ(errors_of("TestInject -> SetPacketType(HOSTS) -> TestCollect;"),
              "test.click:1:29: SetPacketType@2 :: SetPacketType: TYPE: expected packet type (HOST, BROADCAST, "
              "MULTICAST, OTHERHOST, OUTGOING, LOOPBACK, FASTROUTE)\n");
    EXPECT_EQ(errors_of("TestInject -> SetPacketType -> TestCollect;"),
              "test.click:1:15: SetPacketType@2 :: SetPacketType: missing mandatory TYPE argument\n");
}

TEST(StoreData, OverwritesWithinThePacket) {
    auto b = build("in :: TestInject -> StoreData(2, \"XYZ\") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send("abcdefg");  // fits: c d e replaced
    in->send("abcd");     // only two bytes of room: XY
    in->send("ab");       // no byte at offset 2: unchanged
    in->send_batch({"", "abc"});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"abXYZfg", "abXY", "ab", "", "abX"}));
}

TEST(StoreData, HexDataAndSharedPacketsAreCopied) {
    auto b = build(
        "in :: TestInject -> t :: Tee(2); t[0] -> StoreData(0, \"\\<0a ff>\") -> o0 :: TestCollect; t[1] -> o1 :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(unhex("010203"));
    EXPECT_EQ(hex(b.get<TestCollect>("o0")->data().at(0)), "0aff03");
    EXPECT_EQ(hex(b.get<TestCollect>("o1")->data().at(0)), "010203");  // the Tee's other copy is untouched
}

TEST(StoreData, MaskChangesOnlyItsBits) {
    auto b = build("in :: TestInject -> StoreData(1, \"\\<ff 00 a5>\", \"\\<0f f0 ff>\") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(unhex("11 22 33 44 55"));
    b.get<TestInject>("in")->send(unhex("11 22 33"));
    // 22: (22 & f0) | (ff & 0f) = 2f; 33: (33 & 0f) | (00 & f0) = 03; 44 -> a5; the short one
    // stops at its end.
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0)), "112f03a555");
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(1)), "112f03");
}

TEST(StoreData, GrowExtendsShortPackets) {
    auto b = build("in :: TestInject -> StoreData(3, \"\\<aa bb>\", GROW true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(unhex("01"));
    b.get<TestInject>("in")->send(unhex("01 02 03 04"));
    b.get<TestInject>("in")->send(unhex("01 02 03 04 05 06"));
    auto data = b.get<TestCollect>("out")->data();
    EXPECT_EQ(hex(data.at(0)), "010000aabb");
    EXPECT_EQ(hex(data.at(1)), "010203aabb");
    EXPECT_EQ(hex(data.at(2)), "010203aabb06");
}

TEST(StoreData, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> StoreData(0, ab, \"\\<ff>\") -> TestCollect;"),
              "test.click:1:15: StoreData@2 :: StoreData: MASK has 1 bytes but DATA has 2\n");
    EXPECT_EQ(errors_of("TestInject -> StoreData(65535, ab, GROW true) -> TestCollect;"),
              "test.click:1:15: StoreData@2 :: StoreData: OFFSET plus the length of DATA must be at most 65535 with "
              "GROW\n");
    EXPECT_EQ(errors_of("TestInject -> StoreData(0, ab, GROW maybe) -> TestCollect;"),
              "test.click:1:32: StoreData@2 :: StoreData: GROW: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> StoreData(1) -> TestCollect;"),
              "test.click:1:15: StoreData@2 :: StoreData: missing mandatory DATA argument\n");
    EXPECT_EQ(errors_of("TestInject -> StoreData(-1, x) -> TestCollect;"),
              "test.click:1:25: StoreData@2 :: StoreData: OFFSET: expected unsigned integer\n");
}
