// ICMPPingResponder and ICMPIPEncap: expected packets come from the IP tests' independent
// builders (fields byte by byte, checksums summed from scratch per RFC 1071).
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "ip/tests/ip_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string echo(const std::string& src, const std::string& dst, unsigned type, unsigned ttl, unsigned off,
                 const std::string& data = "pingdata") {
    IP f = proto(1);
    f.src = src;
    f.dst = dst;
    f.ttl = ttl;
    f.off = off;
    f.id = 0x4242;
    f.tos = 0x10;
    return ip_packet(f, icmp_message(type, 0, be16(0x1234) + be16(7), data));
}

const char* kResponder =
    "in :: TestInject -> r :: ICMPPingResponder -> out :: TestCollect; r[1] -> other :: TestCollect;";

}  // namespace

TEST(ICMPPingResponder, AnswersAnEchoRequest) {
    auto b = build(kResponder);
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make(echo("10.0.0.1", "10.0.0.2", 8, 64, 0x4000));
    p->set_network_header(p->data(), 20);
    p->set_paint_anno(9);
    p->anno()[anno::aggregate] = 0x55;
    b.get<TestInject>("in")->send(p);
    auto& out = *b.get<TestCollect>("out");
    ASSERT_EQ(out.data(), std::vector<std::string>{echo("10.0.0.2", "10.0.0.1", 0, 255, 0)});
    Packet* q = out.packets[0];
    EXPECT_EQ(q->dst_ip_anno(), htonl(0x0a000001));
    EXPECT_EQ(q->paint_anno(), 0);
    EXPECT_EQ(q->anno()[anno::aggregate], 0x55);  // other annotations stay
    EXPECT_NE(q->timestamp_anno().ns, 0);
    EXPECT_TRUE(b.get<TestCollect>("other")->packets.empty());
}

TEST(ICMPPingResponder, OddLengthDataAndBatches) {
    auto b = build(kResponder);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({echo("1.2.3.4", "5.6.7.8", 8, 1, 0, "abc"), udp_packet()});
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              std::vector<std::string>{echo("5.6.7.8", "1.2.3.4", 0, 255, 0, "abc")});
    EXPECT_EQ(b.get<TestCollect>("other")->data(), std::vector<std::string>{udp_packet()});
}

TEST(ICMPPingResponder, EverythingElseGoesToOutputOne) {
    auto b = build(kResponder);
    ASSERT_TRUE(b.router) << b.errors;
    std::string request = echo("10.0.0.1", "10.0.0.2", 8, 64, 0);
    std::string fragment = echo("10.0.0.1", "10.0.0.2", 8, 64, 0x2000);  // more fragments
    std::string later = echo("10.0.0.1", "10.0.0.2", 8, 64, 0x0001);     // offset 8
    IP f = proto(1);
    std::string no_icmp = ip_packet(f, "abcd");  // 4 bytes: no whole ICMP header
    std::string lying = request;
    lying[2] = 0, lying[3] = 0x40;  // total length 64, longer than the packet
    std::vector<std::string> bad = {echo("10.0.0.1", "10.0.0.2", 0, 64, 0),
                                    udp_packet(),
                                    fragment,
                                    later,
                                    no_icmp,
                                    lying,
                                    request.substr(0, 19),
                                    ""};
    for (const auto& x : bad) b.get<TestInject>("in")->send(x);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.get<TestCollect>("other")->data(), bad);
    // Without output 1 they are dropped.
    auto one = build("in :: TestInject -> ICMPPingResponder -> out :: TestCollect;");
    ASSERT_TRUE(one.router) << one.errors;
    one.get<TestInject>("in")->send_batch({udp_packet(), request});
    EXPECT_EQ(one.get<TestCollect>("out")->data(), std::vector<std::string>{echo("10.0.0.2", "10.0.0.1", 0, 255, 0)});
}

TEST(ICMPPingResponder, TakesNoArguments) {
    EXPECT_EQ(errors_of("TestInject -> ICMPPingResponder(1) -> TestCollect;"),
              "test.click:1:33: ICMPPingResponder@2 :: ICMPPingResponder: too many arguments: '1' is not expected "
              "here\n");
}

namespace {
std::string encapsulated(unsigned id, const std::string& icmp) {
    IP f = proto(1);
    f.ttl = 255;
    f.id = id;
    return ip_packet(f, icmp);
}
}  // namespace

TEST(ICMPIPEncap, EchoRequestsCountTheirSequence) {
    auto b = build(
        "in :: TestInject -> e :: ICMPIPEncap(10.0.0.1, 10.0.0.2, echo, IDENTIFIER 0x1234) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("ABCD");
    b.get<TestInject>("in")->send("ABC");
    auto& out = *b.get<TestCollect>("out");
    EXPECT_EQ(out.data(),
              (std::vector<std::string>{encapsulated(1, icmp_message(8, 0, be16(0x1234) + be16(1), "ABCD")),
                                        encapsulated(2, icmp_message(8, 0, be16(0x1234) + be16(2), "ABC"))}));
    EXPECT_EQ(out.packets[0]->network_header(), out.packets[0]->data());
    EXPECT_EQ(out.packets[0]->network_header_length(), 20u);
    EXPECT_EQ(out.packets[0]->dst_ip_anno(), htonl(0x0a000002));
}

TEST(ICMPIPEncap, HeaderLengthAndFieldsFollowTheType) {
    auto b = build(
        "in :: TestInject -> t :: Tee(3); t[0] -> ICMPIPEncap(10.0.0.1, 10.0.0.2, 13, IDENTIFIER 5) -> ts :: "
        "TestCollect;"
        "t[1] -> ICMPIPEncap(10.0.0.1, 10.0.0.2, unreachable, port, IDENTIFIER 5) -> un :: TestCollect;"
        "t[2] -> ICMPIPEncap(10.0.0.1, 10.0.0.2, 17) -> mask :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("X");
    EXPECT_EQ(
        b.get<TestCollect>("ts")->data(),
        std::vector<std::string>{encapsulated(1, icmp_message(13, 0, be16(5) + be16(1), std::string(12, '\0') + "X"))});
    EXPECT_EQ(b.get<TestCollect>("un")->data(),
              std::vector<std::string>{encapsulated(1, icmp_message(3, 3, std::string(4, '\0'), "X"))});
    EXPECT_EQ(b.get<TestCollect>("mask")->data(),
              std::vector<std::string>{encapsulated(1, icmp_message(17, 0, std::string(8, '\0'), "X"))});
}

TEST(ICMPIPEncap, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> e :: ICMPIPEncap(10.0.0.1, 10.0.0.2, echo) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.src"), "10.0.0.1\n");
    EXPECT_EQ(b.write("e.dst", "10.9.9.9"), "");
    EXPECT_EQ(b.read("e.dst"), "10.9.9.9\n");
    EXPECT_EQ(b.write("e.src", "ten"), "src: expected IP address");
    EXPECT_EQ(errors_of("TestInject -> ICMPIPEncap(10.0.0.1, 10.0.0.2, nope) -> TestCollect;"),
              "test.click:1:47: ICMPIPEncap@2 :: ICMPIPEncap: TYPE: expected ICMP type (0 to 255, or a name such as "
              "unreachable, timeexceeded)\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPIPEncap(10.0.0.1, 10.0.0.2, echo, port) -> TestCollect;"),
              "test.click:1:15: ICMPIPEncap@2 :: ICMPIPEncap: CODE: expected ICMP code for type 8, found 'port'\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPIPEncap(10.0.0.1, 10.0.0.2, echo, IDENTIFIER 70000) -> TestCollect;"),
              "test.click:1:53: ICMPIPEncap@2 :: ICMPIPEncap: IDENTIFIER: integer out of range (0 to 65535)\n");
}
