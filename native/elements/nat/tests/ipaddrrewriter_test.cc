// IPAddrRewriter and IPAddrPairRewriter: expected packets are built by hand (nat_packets.hh and
// icmp_packets.hh compute every checksum from scratch) from the documented mapping semantics.
#include "nat/ipaddrrewriter.hh"

#include <gtest/gtest.h>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

const char* basic_nat =
    "in :: TestInject -> rw :: IPAddrRewriter(pattern 203.0.113.10-203.0.113.12# - 0 1);"
    "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;";

// `packet` with new addresses and its IP header checksum computed afresh; nothing else changed.
std::string with_addresses(std::string packet, const std::string& src, const std::string& dst) {
    put32(packet, 12, addr(src));
    put32(packet, 16, addr(dst));
    put16(packet, 10, 0);
    put16(packet, 10, full_checksum(packet.substr(0, 20)));
    return packet;
}

}  // namespace

TEST(IPAddrRewriter, EachHostGetsAnAddressForAllItsTraffic) {
    auto b = build(basic_nat);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    auto* out0 = b.get<TestCollect>("out0");
    in->send_ip(udp({"10.0.0.1", 5000, "8.8.8.8", 53}, "query"));
    in->send_ip(tcp({"10.0.0.1", 40000, "1.1.1.1", 80}, 0x02));
    in->send_ip(echo("10.0.0.2", "9.9.9.9", 77, true));
    in->send_ip(udp({"10.0.0.3", 6000, "8.8.8.8", 53}));
    in->send_ip(udp({"10.0.0.4", 6000, "8.8.8.8", 53}));  // no address left
    auto fwd = out0->data();
    ASSERT_EQ(fwd.size(), 4u);
    EXPECT_EQ(hex(fwd[0]), hex(udp({"203.0.113.10", 5000, "8.8.8.8", 53}, "query")));
    EXPECT_EQ(hex(fwd[1]), hex(tcp({"203.0.113.10", 40000, "1.1.1.1", 80}, 0x02)));
    EXPECT_EQ(hex(fwd[2]), hex(echo("203.0.113.11", "9.9.9.9", 77, true)));
    EXPECT_EQ(hex(fwd[3]), hex(udp({"203.0.113.12", 6000, "8.8.8.8", 53})));
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");
    EXPECT_EQ(b.read("rw.table_size"), "3\n");

    // Replies to an outside address go back to its host, on output 1.
    in->send_ip(udp({"8.8.8.8", 53, "203.0.113.10", 5000}, "answer"));
    in->send_ip(echo("9.9.9.9", "203.0.113.11", 77, false));
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 2u);
    EXPECT_EQ(hex(rev[0]), hex(udp({"8.8.8.8", 53, "10.0.0.1", 5000}, "answer")));
    EXPECT_EQ(hex(rev[1]), hex(echo("9.9.9.9", "10.0.0.2", 77, false)));
    IPAddress host;
    IPAddress::parse("10.0.0.1", host);
    EXPECT_EQ(b.get<TestCollect>("out1")->packets[0]->dst_ip_anno(), host.addr);
}

TEST(IPAddrRewriter, TableAndPatternHandlers) {
    auto b = build(basic_nat);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 5000, "8.8.8.8", 53}));
    EXPECT_EQ(b.read("rw.table"),
              "(10.0.0.1, -) => (203.0.113.10, -) [*0 1] i0 exp300\n"
              "(-, 203.0.113.10) => (-, 10.0.0.1) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.read("rw.patterns"), "203.0.113.10-203.0.113.12# - [1]\n");
    EXPECT_EQ(b.write("rw.pattern0", "pattern 198.51.100.7 - 0 1"), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
    EXPECT_EQ(b.write("rw.pattern0", "pattern 198.51.100.7 1.2.3.4 0 1"),
              "input spec 0: IPAddrRewriter rewrites source addresses only: the pattern's DADDR must be '-' (see "
              "IPAddrPairRewriter)");
    EXPECT_EQ(b.read("rw.patterns"), "198.51.100.7 -\n");
    b.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 5000, "8.8.8.8", 53}));
    EXPECT_EQ(hex(b.get<TestCollect>("out0")->data().back()), hex(udp({"198.51.100.7", 5000, "8.8.8.8", 53})));
}

TEST(IPAddrRewriter, PrefixSkipsNetworkAndBroadcastAddresses) {
    auto b = build("in :: TestInject -> rw :: IPAddrRewriter(pattern 198.51.100.0/30# - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    for (int i = 1; i <= 3; ++i) in->send_ip(udp({"10.0.0." + std::to_string(i), 9, "8.8.8.8", 9}));
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(hex(out[0]), hex(udp({"198.51.100.1", 9, "8.8.8.8", 9})));
    EXPECT_EQ(hex(out[1]), hex(udp({"198.51.100.2", 9, "8.8.8.8", 9})));
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");
}

TEST(IPAddrRewriter, LaterFragmentsAndUdpWithoutChecksum) {
    auto b = build(basic_nat);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    Options nosum;
    nosum.udp_checksum = false;
    in->send_ip(ip_packet({"10.0.0.1", 5000, "8.8.8.8", 53}, nosum));
    // A later fragment: the bytes after its header are payload, not a UDP header.
    Options frag;
    frag.frag = 100;
    const std::string later = ip_packet({"10.0.0.1", 5000, "8.8.8.8", 53}, frag);
    in->send_ip(later);
    auto out = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(hex(out[0]), hex(ip_packet({"203.0.113.10", 5000, "8.8.8.8", 53}, nosum)));
    EXPECT_EQ(hex(out[1]), hex(with_addresses(later, "203.0.113.10", "8.8.8.8")));
}

TEST(IPAddrRewriter, MalformedPacketsAreDroppedOrPassed) {
    auto b = build(
        "in :: TestInject -> rw :: IPAddrRewriter(pattern 203.0.113.10 - 0 1, pass 1);"
        "in2 :: TestInject -> [1]rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = udp({"10.0.0.1", 5000, "8.8.8.8", 53});
    std::string v6 = good;
    v6[0] = 0x65;
    std::string long_header = good;
    long_header[0] = 0x4f;  // 60-byte header in a 33-byte packet
    std::vector<std::string> bad = {good.substr(0, 12), v6, long_header};
    for (auto* name : {"in", "in2"}) {
        auto* in = b.get<TestInject>(name);
        for (const auto& s : bad) in->send_ip(s);
        in->send(good);  // no network header annotation
    }
    EXPECT_EQ(b.get<TestCollect>("out0")->data().size(), 0u);
    auto passed = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(passed.size(), 4u);  // only from the pass input, unchanged
    EXPECT_EQ(hex(passed[0]), hex(bad[0]));
    EXPECT_EQ(hex(passed[3]), hex(good));
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(IPAddrRewriter, BadArguments) {
    auto at = [](const std::string& args, const std::string& needle) {
        std::string config = "TestInject -> rw :: IPAddrRewriter(" + args + ") -> TestCollect;";
        return std::make_pair(errors_of(config), "test.click:1:" + col(config, needle) + ": rw :: IPAddrRewriter: ");
    };
    auto [e1, p1] = at("pattern 1.2.3.4 5.6.7.8 0 0", "pattern");
    EXPECT_EQ(e1, p1 + "input spec 0: IPAddrRewriter rewrites source addresses only: the pattern's DADDR must be '-' "
                       "(see IPAddrPairRewriter)\n");
    auto [e2, p2] = at("pattern 1.2.3.9-1.2.3.1 - 0 0", "pattern");
    EXPECT_EQ(e2, p2 + "input spec 0: bad source address '1.2.3.9-1.2.3.1'\n");
    auto [e3, p3] = at("pattern 1.2.3.4 1024 - - 0 0", "pattern");
    EXPECT_EQ(e3, p3 + "input spec 0: syntax error, expected 'pattern SADDR DADDR FOUTPUT ROUTPUT' or 'pattern NAME "
                       "FOUTPUT ROUTPUT'\n");
    auto [e4, p4] = at("pattern 1.2.3.4# - 0 0", "pattern");
    EXPECT_EQ(e4, p4 + "input spec 0: bad source address '1.2.3.4#'\n");
    auto [e5, p5] = at("drop, TIMEOUT soon", "TIMEOUT");
    EXPECT_NE(e5.find(p5 + "TIMEOUT: "), std::string::npos) << e5;
    std::string config =
        "IPRewriterPatterns(NAT 1.2.3.4 1024-65535 - -); TestInject -> rw :: IPAddrRewriter(pattern NAT 0 0) -> "
        "TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "pattern NAT") +
                                     ": rw :: IPAddrRewriter: input spec 0: pattern 'NAT' is a port pattern ('SADDR "
                                     "SPORT DADDR DPORT'); this element needs 'SADDR DADDR'\n");
}

TEST(IPAddrPairRewriter, AddressesArePerPair) {
    auto b = build(
        "in :: TestInject -> rw :: IPAddrPairRewriter(pattern 203.0.113.1-203.0.113.2# - 0 1);"
        "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(udp({"10.0.0.1", 1000, "8.8.8.8", 53}));
    in->send_ip(udp({"10.0.0.2", 1000, "8.8.8.8", 53}));  // .1 is taken towards 8.8.8.8
    in->send_ip(udp({"10.0.0.2", 1000, "9.9.9.9", 53}));  // a new pair: the next in turn
    in->send_ip(udp({"10.0.0.3", 1000, "9.9.9.9", 53}));  // .1 is free towards 9.9.9.9
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 4u);
    EXPECT_EQ(hex(fwd[0]), hex(udp({"203.0.113.1", 1000, "8.8.8.8", 53})));
    EXPECT_EQ(hex(fwd[1]), hex(udp({"203.0.113.2", 1000, "8.8.8.8", 53})));
    EXPECT_EQ(hex(fwd[2]), hex(udp({"203.0.113.1", 1000, "9.9.9.9", 53})));
    EXPECT_EQ(hex(fwd[3]), hex(udp({"203.0.113.2", 1000, "9.9.9.9", 53})));
    in->send_ip(udp({"8.8.8.8", 53, "203.0.113.2", 1000}, "r"));
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(rev[0]), hex(udp({"8.8.8.8", 53, "10.0.0.2", 1000}, "r")));
    EXPECT_EQ(b.read("rw.table_size"), "4\n");
}

TEST(IPAddrPairRewriter, DestinationPatternAndTable) {
    auto b = build(
        "in :: TestInject -> rw :: IPAddrPairRewriter(pattern - 192.168.0.10 0 1);"
        "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(tcp({"1.2.3.4", 33000, "203.0.113.5", 80}, 0x02));
    in->send_ip(tcp({"192.168.0.10", 80, "1.2.3.4", 33000}, 0x12));
    ASSERT_EQ(b.get<TestCollect>("out0")->data().size(), 1u);
    ASSERT_EQ(b.get<TestCollect>("out1")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out0")->data()[0]), hex(tcp({"1.2.3.4", 33000, "192.168.0.10", 80}, 0x02)));
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[0]), hex(tcp({"203.0.113.5", 80, "1.2.3.4", 33000}, 0x12)));
    EXPECT_EQ(b.read("rw.table"),
              "(1.2.3.4, 203.0.113.5) => (1.2.3.4, 192.168.0.10) [*0 1] i0 exp300\n"
              "(192.168.0.10, 1.2.3.4) => (203.0.113.5, 1.2.3.4) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}

TEST(IPAddrPairRewriter, MalformedPacketsAndBadArguments) {
    auto b = build("in :: TestInject -> rw :: IPAddrPairRewriter(pattern 203.0.113.1 - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    std::string good = udp({"10.0.0.1", 1000, "8.8.8.8", 53});
    in->send_ip(good.substr(0, 19));
    in->send(good);
    std::string bad_hl = good;
    bad_hl[0] = 0x44;  // header length 16
    in->send_ip(bad_hl);
    EXPECT_EQ(b.get<TestCollect>("out")->data().size(), 0u);
    std::string config = "TestInject -> rw :: IPAddrPairRewriter(pattern 1.2.3.4 nowhere 0 0) -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "pattern") +
                                     ": rw :: IPAddrPairRewriter: input spec 0: bad destination address 'nowhere'\n");
    config = "TestInject -> rw :: IPAddrPairRewriter(pattern 1.2.3.4 - 0 3) -> TestCollect;";
    EXPECT_EQ(errors_of(config),
              "test.click:1:" + col(config, "pattern") +
                  ": rw :: IPAddrPairRewriter: input spec 0: output port 3 out of range (1 output)\n");
}
