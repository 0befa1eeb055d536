// UnstripIPHeader and TruncateIPPayload. Expected packets are the test's own byte strings
// (ip_packets.hh builders, cut at offsets counted by hand from the header layouts).
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(UnstripIPHeader, RestoresWhatStripIPHeaderRemoved) {
    auto b = build(
        "in :: TestInject -> StripIPHeader -> stripped :: Tee -> UnstripIPHeader -> out :: TestCollect;"
        "stripped[1] -> seen :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    IP f = proto(17);
    f.options = std::string("\x01\x01\x01\x00", 4);
    std::string pkt = ip_packet(f, udp_datagram(f, 1, 2, "payload"));
    std::string eth = std::string(12, '\x22') + std::string("\x08\x00", 2);
    b.get<TestInject>("in")->send_ip(pkt);
    b.get<TestInject>("in")->send_ip(eth + pkt, 14);
    // Tee clones, so UnstripIPHeader sees shared packets and must restore into a copy.
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{pkt, pkt}));
    std::string udp_part = pkt.substr(24);
    EXPECT_EQ(b.get<TestCollect>("seen")->data(), (std::vector<std::string>{udp_part, udp_part}));
    Packet* back = b.get<TestCollect>("out")->packets[1];
    EXPECT_EQ(back->network_header(), back->data());
    EXPECT_EQ(back->transport_header_offset(), 24);
}

TEST(UnstripIPHeader, UnsharedPacketsInPlaceAndOthersUnchanged) {
    auto b = build("in :: TestInject -> StripIPHeader -> UnstripIPHeader -> UnstripIPHeader -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string pkt = tcp_packet("data");
    b.get<TestInject>("in")->send_ip(pkt);
    b.get<TestInject>("in")->send("not marked");
    std::string eth(14, '\x33');
    b.get<TestInject>("in")->send_ip(eth + pkt, 14);  // header still on, behind a link header
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{pkt, "not marked", pkt}));
    EXPECT_NE(errors_of("TestInject -> UnstripIPHeader(1) -> TestCollect;"), "");
}

namespace {

std::vector<std::string> truncated(const std::string& element, const std::vector<std::string>& packets,
                                   int ip_offset = 0) {
    auto b = build("in :: TestInject -> t :: " + element + " -> out :: TestCollect;");
    if (!b.router) return {b.errors};
    for (const auto& p : packets) b.get<TestInject>("in")->send_ip(p, ip_offset);
    return b.get<TestCollect>("out")->data();
}

}  // namespace

TEST(TruncateIPPayload, KeepsHeadersAndLengthBytesOfPayload) {
    IP t = proto(6);
    std::string opts(8, '\x01');  // 8 bytes of TCP NOP options: a 28-byte TCP header
    std::string tcp = ip_packet(t, tcp_segment(t, 1, 2, 3, 4, 0x18, 5, "0123456789", opts));
    std::string udp = udp_packet("0123456789");
    std::string icmp = icmp_echo_packet();  // 20 + 8 + "pingdata"
    IP g = proto(47);
    std::string gre = ip_packet(g, "0123456789");
    EXPECT_EQ(truncated("TruncateIPPayload(3)", {tcp, udp, icmp, gre}),
              (std::vector<std::string>{tcp.substr(0, 48 + 3), udp.substr(0, 28 + 3), icmp.substr(0, 28 + 3),
                                        gre.substr(0, 20 + 3)}));
    EXPECT_EQ(truncated("TruncateIPPayload", {tcp, udp}),
              (std::vector<std::string>{tcp.substr(0, 48), udp.substr(0, 28)}));
    EXPECT_EQ(truncated("TruncateIPPayload(2, false)", {tcp, udp}),
              (std::vector<std::string>{tcp.substr(0, 22), udp.substr(0, 22)}));
    EXPECT_EQ(truncated("TruncateIPPayload(LENGTH 100)", {tcp}), std::vector<std::string>{tcp});
}

TEST(TruncateIPPayload, FragmentsLinkHeadersAndNonIP) {
    IP later = proto(17);
    later.off = 0x2000 | 10;  // MF, offset 80: no UDP header in this fragment
    std::string frag = ip_packet(later, "0123456789");
    std::string eth(14, '\x44');
    std::string udp = udp_packet("abcdef");
    EXPECT_EQ(truncated("TruncateIPPayload(1)", {frag}), std::vector<std::string>{frag.substr(0, 21)});
    EXPECT_EQ(truncated("TruncateIPPayload(1)", {eth + udp}, 14), std::vector<std::string>{(eth + udp).substr(0, 43)});
    auto b = build("in :: TestInject -> TruncateIPPayload(4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("no network header here");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{"no n"});
}

TEST(TruncateIPPayload, TruncatedTransportHeadersNeverOverrun) {
    std::string tcp = tcp_packet("xyz");
    std::string cut_tcp = tcp.substr(0, 30);  // 10 bytes of a TCP header
    std::string cut_udp = udp_packet().substr(0, 24);
    std::string bogus_off = tcp;
    bogus_off[32] = char(0xf0);  // 60-byte TCP header in a 23-byte segment
    EXPECT_EQ(truncated("TruncateIPPayload(0)", {cut_tcp, cut_udp, bogus_off}),
              (std::vector<std::string>{cut_tcp, cut_udp, bogus_off}));
}

TEST(TruncateIPPayload, HandlersAndArguments) {
    auto b = build("in :: TestInject -> t :: TruncateIPPayload(2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("t.length"), "2\n");
    EXPECT_EQ(b.write("t.length", "5"), "");
    EXPECT_EQ(b.read("t.length"), "5\n");
    std::string udp = udp_packet("0123456789");
    b.get<TestInject>("in")->send_ip(udp);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{udp.substr(0, 33)});
    EXPECT_NE(b.write("t.length", "-1"), "");
    EXPECT_EQ(b.read("t.length"), "5\n");
    EXPECT_EQ(errors_of("TestInject -> t :: TruncateIPPayload(-3) -> TestCollect;"),
              "test.click:1:38: t :: TruncateIPPayload: LENGTH: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> t :: TruncateIPPayload(3, sometimes) -> TestCollect;"),
              "test.click:1:41: t :: TruncateIPPayload: TRANSPORT: expected boolean (true/false)\n");
}
