// Strip, Unstrip and Truncate: expected bytes written by hand from the documented
// behaviour (remove from the front, restore from the headroom, cut the tail).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(Strip, RemovesLeadingBytes) {
    auto b = build("in :: TestInject -> s :: Strip(3) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("abcdef");
    b.get<TestInject>("in")->send_batch({"123", "12", ""});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"def", "", "", ""}));
}

TEST(Strip, LengthHandler) {
    auto b = build("in :: TestInject -> s :: Strip(LENGTH 1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.length"), "1\n");
    EXPECT_EQ(b.write("s.length", "2"), "");
    EXPECT_EQ(b.read("s.length"), "2\n");
    EXPECT_EQ(b.write("s.length", "-4"), "length: expected unsigned integer");
    EXPECT_EQ(b.read("s.length"), "2\n");
    b.get<TestInject>("in")->send("xyz");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"z"}));
}

TEST(Strip, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Strip -> TestCollect;"),
              "test.click:1:15: Strip@2 :: Strip: missing mandatory LENGTH argument\n");
    EXPECT_EQ(errors_of("TestInject -> Strip(x) -> TestCollect;"),
              "test.click:1:21: Strip@2 :: Strip: LENGTH: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> Strip(1, 2) -> TestCollect;"),
              "test.click:1:24: Strip@2 :: Strip: too many arguments: '2' is not expected here\n");
}

TEST(Unstrip, RestoresStrippedBytes) {
    auto b = build("in :: TestInject -> Strip(14) -> Unstrip(14) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string frame = std::string("\xff\xff\xff\xff\xff\xff\x00\x01\x02\x03\x04\x05\x08\x00", 14) + "IP";
    b.get<TestInject>("in")->send(frame);
    b.get<TestInject>("in")->send_batch({frame, frame});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{frame, frame, frame}));
}

TEST(Unstrip, SharedPacketsAreCopiedWithTheirHeadroom) {
    auto b = build(
        "in :: TestInject -> Strip(2) -> t :: Tee(2); t[0] -> u0 :: Unstrip(2) -> o0 :: TestCollect;"
        "t[1] -> o1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("HDpayload");
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{"HDpayload"}));
    // The clone that went the other way still sees only the stripped data.
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"payload"}));
}

TEST(Unstrip, BeyondTheHeadroomReadsZero) {
    auto b = build("in :: TestInject -> Unstrip(4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // A packet with exactly two bytes of headroom holding "AB".
    Packet* p = Packet::make(0, "ABCDEF", 6, 0);
    p->pull(2);
    ASSERT_EQ(p->headroom(), 2u);
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{std::string("\0\0ABCDEF", 8)}));
}

TEST(Unstrip, KeepsHeaderAnnotations) {
    auto b =
        build("in :: TestInject -> Strip(2) -> t :: Tee(2); t[0] -> Unstrip(2) -> o0 :: TestCollect; t[1] -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = Packet::make("EEnet", 5);
    p->set_mac_header(p->data());
    p->set_network_header(p->data() + 2, 3);
    p->set_paint_anno(7);
    b.get<TestInject>("in")->send(p);
    auto& got = b.get<TestCollect>("o0")->packets;
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]->mac_header(), got[0]->data());
    EXPECT_EQ(got[0]->network_header(), got[0]->data() + 2);
    EXPECT_EQ(got[0]->paint_anno(), 7);
}

TEST(Unstrip, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> u :: Unstrip(1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("u.length", "70000"), "length: must be at most 65535");
    EXPECT_EQ(b.read("u.length"), "1\n");
    EXPECT_EQ(b.write("u.length", "0"), "");
    EXPECT_EQ(b.read("u.length"), "0\n");
    EXPECT_EQ(errors_of("TestInject -> Unstrip(65536) -> TestCollect;"),
              "test.click:1:15: Unstrip@2 :: Unstrip: LENGTH must be at most 65535\n");
    EXPECT_EQ(errors_of("TestInject -> Unstrip() -> TestCollect;"),
              "test.click:1:15: Unstrip@2 :: Unstrip: missing mandatory LENGTH argument\n");
}

TEST(Truncate, CutsLongPackets) {
    auto b = build("in :: TestInject -> t :: Truncate(4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"abcdefgh", "abcd", "ab", ""});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"abcd", "abcd", "ab", ""}));
}

TEST(Truncate, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> t :: Truncate(4, EXTRA_LENGTH false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("t.extra_length"), "false\n");
    EXPECT_EQ(b.write("t.length", "2"), "");
    EXPECT_EQ(b.write("t.length", "two"), "length: expected integer");
    EXPECT_EQ(b.read("t.length"), "2\n");
    EXPECT_EQ(b.write("t.extra_length", "maybe"), "extra_length: expected boolean (true/false)");
    EXPECT_EQ(b.read("t.extra_length"), "false\n");
    b.get<TestInject>("in")->send("xyz");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"xy"}));
    EXPECT_EQ(errors_of("TestInject -> Truncate(LENGTH 4, EXTRA_LENGTH 3) -> TestCollect;"),
              "test.click:1:34: Truncate@2 :: Truncate: EXTRA_LENGTH: expected boolean (true/false)\n");
}
