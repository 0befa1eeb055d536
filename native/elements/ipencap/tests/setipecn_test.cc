// SetIPECN: the ECN bits are the low two bits of the TOS byte (RFC 3168); expected headers
// written by hand, checksums from the test's own RFC 1071 sum.
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {
std::string header(unsigned tos) {
    return ipv4_header(tos, 20, 0, 0, 64, 17, addr(10, 0, 0, 1), addr(10, 0, 0, 2));
}
}  // namespace

TEST(SetIPECN, SetsBitsAndPatchesChecksum) {
    auto b = build("in :: TestInject -> SetIPECN(ce) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // 4500 0014 0000 0000 4011 0a00 0001 0a00 0002 sums to 0x9928 (checksum 0x66d7); with
    // TOS 3 the first word is 0x4503, the sum 0x992b and the checksum 0x66d4.
    b.get<TestInject>("in")->send_ip(unhex("4500001400000000401166d70a0000010a000002"));
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[0]), "4503001400000000401166d40a0000010a000002");
}

TEST(SetIPECN, NamesAndNumbers) {
    auto b = build(
        "a :: TestInject -> SetIPECN(ECT(0)) -> oa :: TestCollect;"
        "b :: TestInject -> SetIPECN(ect1) -> ob :: TestCollect;"
        "c :: TestInject -> SetIPECN(no) -> oc :: TestCollect;"
        "d :: TestInject -> SetECN(2) -> od :: TestCollect;"
        "e :: TestInject -> SetIPECN(ECT(1)) -> oe :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (const char* in : {"a", "b", "c", "d", "e"}) b.get<TestInject>(in)->send_ip(header(0xbb));
    EXPECT_EQ(b.get<TestCollect>("oa")->data()[0], header(0xba));
    EXPECT_EQ(b.get<TestCollect>("ob")->data()[0], header(0xb9));
    EXPECT_EQ(b.get<TestCollect>("oc")->data()[0], header(0xb8));
    EXPECT_EQ(b.get<TestCollect>("od")->data()[0], header(0xba));
    EXPECT_EQ(b.get<TestCollect>("oe")->data()[0], header(0xb9));
}

TEST(SetIPECN, FindsHeaderAfterEthernetAndLeavesClonesAlone) {
    auto b =
        build("in :: TestInject -> t :: Tee(2); t[0] -> SetIPECN(3) -> o0 :: TestCollect; t[1] -> o1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string eth(14, '\xee');
    b.get<TestInject>("in")->send_ip(eth + header(0x20) + "data", 14);
    EXPECT_EQ(b.get<TestCollect>("o0")->data()[0], eth + header(0x23) + "data");
    EXPECT_EQ(b.get<TestCollect>("o1")->data()[0], eth + header(0x20) + "data");
}

TEST(SetIPECN, MalformedPacketsPassUnchanged) {
    auto b = build("in :: TestInject -> SetIPECN(ce) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string v6 = header(0);
    v6[0] = 0x65;
    std::string short_hl = header(0);
    short_hl[0] = 0x44;  // header length 16 < 20
    std::string long_hl = header(0);
    long_hl[0] = 0x46;  // header length 24 > 20 bytes present
    std::vector<std::string> in = {"", "\x45", std::string(19, '\x45'), v6, short_hl, long_hl};
    b.get<TestInject>("in")->send_batch(in);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), in);
    // A network header annotation beyond the data.
    Packet* p = TestInject::make(header(0));
    p->set_network_header(p->data() + 10, 20);
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(b.get<TestCollect>("out")->data().back(), header(0));
}

TEST(SetIPECN, Handler) {
    auto b = build("in :: TestInject -> s :: SetIPECN(ce) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.ecn"), "3\n");
    EXPECT_EQ(b.write("s.ecn", "ect1"), "");
    EXPECT_EQ(b.read("s.ecn"), "1\n");
    EXPECT_EQ(b.write("s.ecn", "4"), "ecn: expected ECN value (0 to 3, no, ect1, ect2 or ce)");
    EXPECT_EQ(b.read("s.ecn"), "1\n");
    b.get<TestInject>("in")->send_ip(header(0));
    EXPECT_EQ(b.get<TestCollect>("out")->data()[0], header(1));
}

TEST(SetIPECN, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> SetIPECN -> TestCollect;"),
              "test.click:1:15: SetIPECN@2 :: SetIPECN: missing mandatory ECN argument\n");
    EXPECT_EQ(errors_of("TestInject -> SetIPECN(4) -> TestCollect;"),
              "test.click:1:24: SetIPECN@2 :: SetIPECN: ECN: expected ECN value (0 to 3, no, ect1, ect2 or ce)\n");
    EXPECT_EQ(errors_of("TestInject -> SetIPECN(ce, 1) -> TestCollect;"),
              "test.click:1:28: SetIPECN@2 :: SetIPECN: too many arguments: '1' is not expected here\n");
}
