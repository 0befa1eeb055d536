// GREEncap and GREDecap: header bytes written by hand from RFC 2784 (flags, version,
// protocol type, checksum) and RFC 2890 (key, sequence number).
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(GREEncap, PlainHeader) {
    auto b = build("in :: TestInject -> GREEncap(0x0800) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("XY");
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[0]),
              "00000800"
              "5859");
}

TEST(GREEncap, ChecksumKeyAndSequence) {
    auto b = build(
        "a :: TestInject -> GREEncap(0x6558, CHECKSUM true) -> oa :: TestCollect;"
        "b :: TestInject -> e :: GREEncap(0x0800, KEY 0x01020304, SEQUENCE true) -> ob :: TestCollect;"
        "c :: TestInject -> GREEncap(0x86dd, KEY 0) -> oc :: TestCollect;"
        "d :: TestInject -> GREEncap(0x0800, SEQUENCE true, KEY 9, CHECKSUM true) -> od :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("a")->send("ABCD");
    // 8000 + 6558 + 0000 + 0000 + 4142 + 4344 = 0x169de -> 0x69df -> ~ = 0x9620.
    EXPECT_EQ(hex(b.get<TestCollect>("oa")->data()[0]),
              "80006558"
              "96200000"
              "41424344");
    EXPECT_EQ(b.read("e.seq"), "0\n");
    b.get<TestInject>("b")->send("p");
    b.get<TestInject>("b")->send("q");
    auto got = b.get<TestCollect>("ob")->data();
    EXPECT_EQ(hex(got[0]),
              "30000800"
              "01020304"
              "00000000"
              "70");
    EXPECT_EQ(hex(got[1]),
              "30000800"
              "01020304"
              "00000001"
              "71");
    EXPECT_EQ(b.read("e.seq"), "2\n");
    b.get<TestInject>("c")->send("");
    EXPECT_EQ(hex(b.get<TestCollect>("oc")->data()[0]),
              "200086dd"
              "00000000");
    b.get<TestInject>("d")->send("z");
    std::string all = b.get<TestCollect>("od")->data()[0];
    // Fields in the order checksum, key, sequence number.
    EXPECT_EQ(hex(all.substr(0, 4)), "b0000800");
    EXPECT_EQ(hex(all.substr(6, 2)), "0000");
    EXPECT_EQ(hex(all.substr(8, 8)),
              "00000009"
              "00000000");
    EXPECT_EQ(rfc1071(all), 0u);
}

TEST(GREEncap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> GREEncap -> TestCollect;"),
              "test.click:1:15: GREEncap@2 :: GREEncap: missing mandatory PROTOCOL argument\n");
    EXPECT_EQ(errors_of("TestInject -> GREEncap(0x10000) -> TestCollect;"),
              "test.click:1:24: GREEncap@2 :: GREEncap: PROTOCOL: integer out of range (0 to 65535)\n");
    EXPECT_EQ(errors_of("TestInject -> GREEncap(1, KEY -1) -> TestCollect;"),
              "test.click:1:27: GREEncap@2 :: GREEncap: KEY: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> GREEncap(1, SEQ true) -> TestCollect;"),
              "test.click:1:27: GREEncap@2 :: GREEncap: unknown keyword 'SEQ'\n");
}

TEST(GREDecap, StripsAndMarksTheInnerIPHeader) {
    auto b = build("in :: TestInject -> d :: GREDecap -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string inner = ipv4_header(0, 24, 1, 0, 9, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + "data";
    b.get<TestInject>("in")->send(unhex("00000800") + inner);
    b.get<TestInject>("in")->send(unhex("20006558"
                                        "00000007") +
                                  "frame");
    // Announced as IPv4 but too short to be: no network header annotation.
    b.get<TestInject>("in")->send(unhex("00000800") + "\x45short");
    auto got = b.get<TestCollect>("out")->data();
    EXPECT_EQ(got, (std::vector<std::string>{inner, "frame", "\x45short"}));
    Packet* p = b.get<TestCollect>("out")->packets[0];
    EXPECT_EQ(p->network_header(), p->data());
    EXPECT_EQ(p->network_header_length(), 20u);
    EXPECT_FALSE(b.get<TestCollect>("out")->packets[1]->has_network_header());
    EXPECT_FALSE(b.get<TestCollect>("out")->packets[2]->has_network_header());
    EXPECT_EQ(b.read("d.drops"), "0\n");
}

TEST(GREDecap, RejectsMalformedHeaders) {
    auto b = build("in :: TestInject -> d :: GREDecap -> out :: TestCollect; d[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> bad = {
        "",               // too short
        unhex("000008"),  // too short
        unhex("20000800"
              "0000"),  // key announced, not there
        unhex("b0000800"
              "00000000"
              "00000001"),         // three fields announced, two there
        unhex("00010800") + "xx",  // version 1
        unhex("40000800"),         // routing present
        unhex("08000800"),         // strict source route
        unhex("04000800"),         // recursion control
        unhex("80000800"
              "12340000"
              "41"),  // wrong checksum
    };
    b.get<TestInject>("in")->send_batch(bad);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), bad);
    EXPECT_EQ(b.read("d.drops"), "9\n");
    EXPECT_EQ(b.read("d.drop_details"),
              "4 too short\n1 bad version\n3 unsupported flags\n1 bad checksum\n0 bad key\n0 bad sequence number\n");
    // Reserved bits 6-12 are ignored (RFC 2784); a correct checksum passes:
    // 8000 + 0800 + 4100 = 0xc900 -> ~ = 0x36ff.
    b.get<TestInject>("in")->send(unhex("03f80800") + "ok");
    b.get<TestInject>("in")->send(
        unhex("80000800"
              "36ff0000"
              "41"));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"ok", "A"}));
}

TEST(GREDecap, KeyChecksumAndSequenceChecks) {
    auto b = build(
        "in :: TestInject -> d :: GREDecap(KEY 5, SEQUENCE true) -> out :: TestCollect; d[1] -> bad :: TestCollect;"
        "in2 :: TestInject -> c :: GREDecap(CHECKSUM true) -> out2 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto pkt = [](unsigned key, unsigned long seq, const std::string& data) {
        return unhex("30000800") + be32(key) + be32(seq) + data;
    };
    auto in = b.get<TestInject>("in");
    in->send(pkt(5, 10, "a"));
    in->send(pkt(5, 11, "b"));
    in->send(pkt(5, 11, "dup"));
    in->send(pkt(5, 3, "old"));
    in->send(pkt(6, 12, "wrongkey"));
    in->send(unhex("10000800") + be32(12) + "nokey");
    in->send(unhex("20000800") + be32(5) + "noseq");
    in->send(pkt(5, 0x80000000ul + 11, "jump"));  // exactly half the number space ahead: not later
    in->send(pkt(5, 0x80000000ul + 10, "far"));   // just under half ahead: later
    in->send(pkt(5, 0x80000000ul + 20, "next"));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "far", "next"}));
    EXPECT_EQ(b.read("d.drop_details"),
              "0 too short\n0 bad version\n0 unsupported flags\n0 bad checksum\n2 bad key\n4 bad sequence number\n");
    // CHECKSUM requires the field.
    b.get<TestInject>("in2")->send(unhex("00000800") + "x");
    b.get<TestInject>("in2")->send(
        unhex("80000800"
              "36ff0000"
              "41"));
    EXPECT_EQ(b.get<TestCollect>("out2")->data(), std::vector<std::string>{"A"});
    EXPECT_EQ(b.read("c.drops"), "1\n");
}

TEST(GREDecap, RoundTripThroughIPEncap) {
    auto b = build(
        "in :: TestInject -> GREEncap(0x0800, CHECKSUM true, KEY 77, SEQUENCE true) -> IPEncap(gre, 1.1.1.1, "
        "2.2.2.2) -> tunnel :: TestCollect;"
        "in2 :: TestInject -> d :: GREDecap(CHECKSUM true, KEY 77, SEQUENCE true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string inner = ipv4_header(0, 23, 1, 0, 9, 17, addr(3, 3, 3, 3), addr(4, 4, 4, 4)) + "odd";
    b.get<TestInject>("in")->send_batch({inner, inner, inner});
    auto tunnel = b.get<TestCollect>("tunnel")->data();
    ASSERT_EQ(tunnel.size(), 3u);
    // Outer header: protocol 47, length 20 + 16 (GRE with three fields) + 23.
    EXPECT_EQ(tunnel[0].substr(0, 20), ipv4_header(0, 59, 0, 0, 250, 47, addr(1, 1, 1, 1), addr(2, 2, 2, 2)));
    for (const auto& t : tunnel) b.get<TestInject>("in2")->send(t.substr(20));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{inner, inner, inner}));
    EXPECT_EQ(b.read("d.drops"), "0\n");
    // Replaying the tunnel's first packet is caught by the sequence check.
    b.get<TestInject>("in2")->send(tunnel[0].substr(20));
    EXPECT_EQ(b.read("d.drops"), "1\n");
}

TEST(GREDecap, PullPath) {
    auto b = build(
        "in :: TestInject -> q :: Queue -> d :: GREDecap -> u :: Unqueue(BURST 10) -> out :: TestCollect;"
        "d[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({unhex("00000800") + "1", unhex("0001"), unhex("00000800") + "2"});
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), std::vector<std::string>{unhex("0001")});
}

TEST(GREDecap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> GREDecap(KEY x) -> TestCollect;"),
              "test.click:1:24: GREDecap@2 :: GREDecap: KEY: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> GREDecap(true) -> TestCollect;"),
              "test.click:1:24: GREDecap@2 :: GREDecap: too many arguments: 'true' is not expected here\n");
}
