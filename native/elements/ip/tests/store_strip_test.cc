// StoreIPAddress and StripToNetworkHeader. Expected packets are built by the test's own
// builders with the new address in place and every checksum recomputed from scratch, so
// the element's incremental updates are checked against a full computation.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "ip_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

struct Outputs {
    std::vector<std::string> out, bad;
};

Outputs run(const std::string& element, const std::vector<std::string>& packets, bool ip_annotations = true,
            const std::string& pre = "") {
    auto b =
        build("in :: TestInject -> " + pre + "s :: " + element + " -> out :: TestCollect; s[1] -> bad :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return {};
    for (const auto& p : packets) {
        if (ip_annotations)
            b.get<TestInject>("in")->send_ip(p);
        else
            b.get<TestInject>("in")->send(p);
    }
    return {b.get<TestCollect>("out")->data(), b.get<TestCollect>("bad")->data()};
}

std::string udp_between(const std::string& src, const std::string& dst, bool with_checksum = true) {
    IP f = proto(17);
    f.src = src;
    f.dst = dst;
    return ip_packet(f, udp_datagram(f, 5000, 53, "hello", with_checksum));
}

std::string tcp_between(const std::string& src, const std::string& dst) {
    IP f = proto(6);
    f.src = src;
    f.dst = dst;
    return ip_packet(f, tcp_segment(f, 1234, 80, 1000, 0, 0x02, 8192, "data"));
}

}  // namespace

TEST(StoreIPAddress, WritesAtAnOffset) {
    Outputs r = run("StoreIPAddress(1.2.3.4, 2)", {"abcdefgh", "abcde"}, false);
    EXPECT_EQ(r.out, std::vector<std::string>{"ab" + unhex("01020304") + "gh"});
    EXPECT_EQ(r.bad, std::vector<std::string>{"abcde"});  // no room for 4 bytes at 2
    // 0.0.0.0 is stored like any other address.
    r = run("StoreIPAddress(0.0.0.0, 0)", {"abcd"}, false);
    EXPECT_EQ(r.out, std::vector<std::string>{std::string(4, '\0')});
}

TEST(StoreIPAddress, OneArgumentFormStoresTheAnnotationUnlessZero) {
    Outputs r = run("StoreIPAddress(4)", {"abcdefgh"}, false, "SetIPAddress(9.8.7.6) -> ");
    EXPECT_EQ(r.out, std::vector<std::string>{"abcd" + unhex("09080706")});
    r = run("StoreIPAddress(OFFSET 4)", {"abcdefgh"}, false);  // annotation 0.0.0.0: unchanged
    EXPECT_EQ(r.out, std::vector<std::string>{"abcdefgh"});
    r = run("StoreIPAddress(5)", {"abcdefgh"}, false);
    EXPECT_EQ(r.bad, std::vector<std::string>{"abcdefgh"});
}

TEST(StoreIPAddress, SrcAndDstUpdateTheChecksums) {
    Outputs r =
        run("StoreIPAddress(9.9.9.9, src)", {udp_between("10.0.0.1", "10.0.0.2"), tcp_between("10.0.0.1", "10.0.0.2")});
    EXPECT_EQ(r.out,
              (std::vector<std::string>{udp_between("9.9.9.9", "10.0.0.2"), tcp_between("9.9.9.9", "10.0.0.2")}));
    r = run("StoreIPAddress(192.168.200.1, dst)",
            {udp_between("10.0.0.1", "10.0.0.2"), tcp_between("10.0.0.1", "10.0.0.2"), icmp_echo_packet()});
    IP icmp = proto(1);
    icmp.dst = "192.168.200.1";
    EXPECT_EQ(r.out, (std::vector<std::string>{
                         udp_between("10.0.0.1", "192.168.200.1"), tcp_between("10.0.0.1", "192.168.200.1"),
                         ip_packet(icmp, icmp_message(8, 0, be16(0x1234) + be16(1), "pingdata"))}));
    // A UDP datagram without a checksum keeps none.
    r = run("StoreIPAddress(9.9.9.9, src)", {udp_between("10.0.0.1", "10.0.0.2", false)});
    EXPECT_EQ(r.out, std::vector<std::string>{udp_between("9.9.9.9", "10.0.0.2", false)});
    // From the destination annotation.
    r = run("StoreIPAddress(dst)", {udp_between("10.0.0.1", "10.0.0.2")}, true, "SetIPAddress(10.7.7.7) -> ");
    EXPECT_EQ(r.out, std::vector<std::string>{udp_between("10.0.0.1", "10.7.7.7")});
}

TEST(StoreIPAddress, MalformedPacketsGoToTheErrorOutput) {
    std::string udp = udp_between("10.0.0.1", "10.0.0.2");
    std::string bad_version = udp;
    bad_version[0] = 0x65;
    std::string short_ihl = udp;
    short_ihl[0] = 0x44;
    Outputs r = run("StoreIPAddress(9.9.9.9, src)", {udp.substr(0, 19), bad_version, short_ihl, ""}, false);
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(r.bad, (std::vector<std::string>{udp.substr(0, 19), bad_version, short_ihl, ""}));
    // A truncated transport header: the IP checksum is updated, the missing one is not touched.
    std::string cut = udp.substr(0, 24);
    r = run("StoreIPAddress(9.9.9.9, src)", {cut}, false);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(r.out[0], udp_between("9.9.9.9", "10.0.0.2").substr(0, 20) + cut.substr(20));
    // Without output 1 they are dropped.
    auto b = build("in :: TestInject -> StoreIPAddress(9.9.9.9, dst) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("short");
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
}

TEST(StoreIPAddress, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> StoreIPAddress -> TestCollect;"),
              "test.click:1:15: StoreIPAddress@2 :: StoreIPAddress: missing mandatory OFFSET argument\n");
    EXPECT_EQ(errors_of("TestInject -> StoreIPAddress(source) -> TestCollect;"),
              "test.click:1:30: StoreIPAddress@2 :: StoreIPAddress: OFFSET: expected byte offset, src or dst\n");
    EXPECT_EQ(errors_of("TestInject -> StoreIPAddress(1.2.3, 4) -> TestCollect;"),
              "test.click:1:30: StoreIPAddress@2 :: StoreIPAddress: ADDR: expected IP address\n");
    EXPECT_EQ(errors_of("TestInject -> StoreIPAddress(1.2.3.4, middle) -> TestCollect;"),
              "test.click:1:39: StoreIPAddress@2 :: StoreIPAddress: OFFSET: expected byte offset, src or dst\n");
}

TEST(StripToNetworkHeader, StripsToTheAnnotation) {
    std::string udp = udp_packet();
    std::string frame = unhex("020000000002 020000000001 0800") + udp;
    auto b = build("in :: TestInject -> StripToNetworkHeader -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(frame, 14);
    b.get<TestInject>("in")->send("no annotation");
    auto& out = *b.get<TestCollect>("out");
    EXPECT_EQ(out.data(), (std::vector<std::string>{udp, "no annotation"}));
    EXPECT_EQ(out.packets[0]->network_header(), out.packets[0]->data());
}

TEST(StripToNetworkHeader, MovesBackOverAStrippedHeader) {
    std::string udp = udp_packet();
    std::string frame = unhex("020000000002 020000000001 0800") + udp;
    // MarkIPHeader marks the header; StripIPHeader goes past it; StripToNetworkHeader comes back.
    for (const char* tee : {"", "t :: Tee(2) -> "}) {
        auto b = build(std::string("in :: TestInject -> MarkIPHeader(14) -> StripIPHeader -> ") + tee +
                       "StripToNetworkHeader -> out :: TestCollect;" + (*tee ? " t[1] -> other :: TestCollect;" : ""));
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(frame);
        auto& out = *b.get<TestCollect>("out");
        ASSERT_EQ(out.data(), std::vector<std::string>{udp}) << tee;
        EXPECT_EQ(out.packets[0]->network_header(), out.packets[0]->data());
        EXPECT_EQ(out.packets[0]->transport_header(), out.packets[0]->data() + 20);
    }
}
