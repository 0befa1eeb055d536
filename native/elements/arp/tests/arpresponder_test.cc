// ARPResponder: requests and replies written byte by byte from RFC 826 (Ethernet header,
// then hrd, pro, hln, pln, op, sha, spa, tha, tpa).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// who-has 18.26.7.5 tell 18.26.4.92 (00:11:22:33:44:55), padded to the 60-byte minimum frame.
const std::string kRequest = unhex(
    "ffffffffffff 001122334455 0806"
    "0001 0800 06 04 0001"
    "001122334455 121a045c"
    "000000000000 121a0705"
    "000000000000000000000000000000000000");

// 18.26.7.5 is-at 00:00:c0:ae:67:ef, to the requester.
const std::string kReply = unhex(
    "001122334455 0000c0ae67ef 0806"
    "0001 0800 06 04 0002"
    "0000c0ae67ef 121a0705"
    "001122334455 121a045c");

// A request from 00:11:22:33:44:55 (10.9.9.9) for `target` (8 hex digits).
std::string request_for(const std::string& target) {
    return unhex("ffffffffffff 001122334455 0806 0001 0800 06 04 0001 001122334455 0a090909 000000000000" + target);
}

const char* kConfig =
    "in :: TestInject -> ar :: ARPResponder(18.26.4.24 18.26.7.0/24 00:00:C0:AE:67:EF, 10.0.0.0/8 "
    "02:00:00:00:00:01, 10.1.2.3/32 02:00:00:00:00:02) -> out :: TestCollect; ar[1] -> other :: TestCollect;";

TEST(ARPResponder, AnswersARequest) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(kRequest);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]), hex(kReply));
    EXPECT_TRUE(b.get<TestCollect>("other")->packets.empty());
}

TEST(ARPResponder, MostSpecificNetworkAnswers) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({request_for("0a010203"), request_for("0a010204"), request_for("121a0418")});
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 3u);
    // Reply source and sender hardware address: bytes 6-11 and 22-27.
    EXPECT_EQ(hex(got[0].substr(6, 6)), "020000000002");
    EXPECT_EQ(hex(got[0].substr(22, 10)),
              "020000000002"
              "0a010203");
    EXPECT_EQ(hex(got[1].substr(22, 10)),
              "020000000001"
              "0a010204");
    EXPECT_EQ(hex(got[2].substr(22, 10)),
              "0000c0ae67ef"
              "121a0418");
    EXPECT_EQ(hex(got[2].substr(32, 10)),
              "001122334455"
              "0a090909");
}

TEST(ARPResponder, EverythingElseGoesToOutput1) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    std::string unknown = request_for("c0a80001");
    std::string reply = kReply;  // a reply, not a request
    std::string ip = kRequest;   // an IPv4 frame
    ip[12] = 0x08, ip[13] = 0x00;
    std::string rarp = kRequest;  // hardware type 6 (IEEE 802)
    rarp[15] = 6;
    std::string shortp = kRequest.substr(0, 41);  // one byte short
    b.get<TestInject>("in")->send_batch({unknown, reply, ip, rarp, shortp, ""});
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.get<TestCollect>("other")->data(), (std::vector<std::string>{unknown, reply, ip, rarp, shortp, ""}));
}

TEST(ARPResponder, OneOutputDropsTheRest) {
    auto b = build("in :: TestInject -> ar :: ARPResponder(1.2.3.4 0:1:2:3:4:5) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({request_for("01020305"), "x", request_for("01020304")});
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0].substr(0, 12)),
              "001122334455"
              "000102030405");
}

TEST(ARPResponder, KeepsAnnotations) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make(kRequest);
    p->anno()[anno::vlan_tci] = 0x00;
    p->anno()[anno::vlan_tci + 1] = 0x2a;
    b.get<TestInject>("in")->send(p);
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->anno()[anno::vlan_tci + 1], 0x2a);
}

TEST(ARPResponder, SharedRequestIsNotModified) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make(kRequest);
    Packet* c = p->clone();
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(c->data()), c->length()), kRequest);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0)), hex(kReply));
    c->kill();
}

TEST(ARPResponder, PullOutput) {
    auto b = build(
        "in :: TestInject -> q :: Queue -> ar :: ARPResponder(18.26.7.0/24 00:00:C0:AE:67:EF) -> u :: Unqueue -> "
        "out :: TestCollect; ar[1] -> other :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({kRequest, "junk"});
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{kReply});
    EXPECT_EQ(b.get<TestCollect>("other")->data(), std::vector<std::string>{"junk"});
}

TEST(ARPResponder, Handlers) {
    auto b = build(kConfig);
    ASSERT_TRUE(b.router) << b.errors;
    const char* table =
        "18.26.4.24/32 00:00:c0:ae:67:ef\n"
        "10.1.2.3/32 02:00:00:00:00:02\n"
        "18.26.7.0/24 00:00:c0:ae:67:ef\n"
        "10.0.0.0/8 02:00:00:00:00:01\n";
    EXPECT_EQ(b.read("ar.table"), table);
    EXPECT_EQ(b.write("ar.lookup", "18.26.7.200"), "");
    EXPECT_EQ(b.read("ar.lookup"), "00:00:c0:ae:67:ef\n");
    EXPECT_EQ(b.write("ar.lookup", "18.26.8.1"), "");
    EXPECT_EQ(b.read("ar.lookup"), "");
    EXPECT_EQ(b.write("ar.lookup", "18.26.8"), "lookup: expected IP address, found '18.26.8'");

    // Refused writes leave the table alone.
    EXPECT_EQ(b.write("ar.add", "18.26.8.0/24"), "add: bad entry '18.26.8.0/24': expected IP/MASK [IP/MASK...] ETH");
    EXPECT_EQ(b.write("ar.add", "18.26.8.0/24 1:2:3:4:5:6 1:2:3:4:5:7"),
              "add: bad entry '18.26.8.0/24 1:2:3:4:5:6 1:2:3:4:5:7': expected IP/MASK [IP/MASK...] ETH");
    EXPECT_EQ(b.write("ar.add", "18.26.8.0/33 1:2:3:4:5:6"),
              "add: bad entry '18.26.8.0/33 1:2:3:4:5:6': bad IP/MASK or ETH '18.26.8.0/33'");
    EXPECT_EQ(b.write("ar.remove", "18.26.9.0/24"), "remove: no entry for 18.26.9.0/24");
    EXPECT_EQ(b.write("ar.remove", "18.26.9.0/99"), "remove: expected IP/MASK, found '18.26.9.0/99'");
    EXPECT_EQ(b.read("ar.table"), table);

    EXPECT_EQ(b.write("ar.add", "18.26.8.0/24 18.26.7.0/24 0a:0b:0c:0d:0e:0f"), "");
    EXPECT_EQ(b.write("ar.remove", "10.1.2.3"), "");
    EXPECT_EQ(b.read("ar.table"),
              "18.26.4.24/32 00:00:c0:ae:67:ef\n"
              "18.26.7.0/24 0a:0b:0c:0d:0e:0f\n"
              "18.26.8.0/24 0a:0b:0c:0d:0e:0f\n"
              "10.0.0.0/8 02:00:00:00:00:01\n");
    b.get<TestInject>("in")->send(kRequest);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0).substr(6, 6)), "0a0b0c0d0e0f");
}

TEST(ARPResponder, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> ar :: ARPResponder(18.26.4.24) -> TestCollect;"),
              "test.click:1:34: ar :: ARPResponder: bad entry '18.26.4.24': expected IP/MASK [IP/MASK...] ETH\n");
    EXPECT_EQ(errors_of("TestInject -> ar :: ARPResponder(1.2.3.4 1:2:3:4:5:6,\n  1.2.3.5 zz:00) -> TestCollect;"),
              "test.click:2:3: ar :: ARPResponder: bad entry '1.2.3.5 zz:00': bad IP/MASK or ETH 'zz:00'\n");
    EXPECT_EQ(errors_of("TestInject -> ar :: ARPResponder(1:2:3:4:5:6) -> TestCollect;"),
              "test.click:1:34: ar :: ARPResponder: bad entry '1:2:3:4:5:6': expected IP/MASK [IP/MASK...] ETH\n");
}

}  // namespace
