// IPRewriter: expected packets are built by hand (nat_packets.hh recomputes every checksum
// from scratch) from the mapping semantics of the element's documentation.
#include "nat/iprewriter.hh"

#include <gtest/gtest.h>

#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

const Flow4 client{"10.0.0.1", 5000, "192.168.1.7", 53};

// One pattern input, forward packets to out0 and replies to out1.
const char* nat_config =
    "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1);"
    "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;";

uint32_t anno_of(Packet* p) {
    return p->dst_ip_anno();
}
uint32_t ip_of(const char* dotted) {
    IPAddress a;
    IPAddress::parse(dotted, a);
    return a.addr;
}

}  // namespace

TEST(IPRewriter, UdpForwardThenReply) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    auto* out0 = b.get<TestCollect>("out0");
    auto* out1 = b.get<TestCollect>("out1");

    // The source port 5000 is in the range and free: it is kept.
    in->send_ip(udp(client, "query"));
    ASSERT_EQ(out0->data().size(), 1u);
    EXPECT_EQ(hex(out0->data()[0]), hex(udp({"203.0.113.1", 5000, "192.168.1.7", 53}, "query")));
    EXPECT_EQ(anno_of(out0->packets[0]), ip_of("192.168.1.7"));

    // The reply comes back to the public address and is rewritten to the client.
    in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", 5000}, "answer!"));
    ASSERT_EQ(out1->data().size(), 1u);
    EXPECT_EQ(hex(out1->data()[0]), hex(udp({"192.168.1.7", 53, "10.0.0.1", 5000}, "answer!")));
    EXPECT_EQ(anno_of(out1->packets[0]), ip_of("10.0.0.1"));

    // More packets of the flow use the mapping.
    in->send_ip(udp(client, "again"));
    ASSERT_EQ(out0->data().size(), 2u);
    EXPECT_EQ(hex(out0->data()[1]), hex(udp({"203.0.113.1", 5000, "192.168.1.7", 53}, "again")));
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
}

TEST(IPRewriter, TcpForwardThenReply) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    Flow4 c{"10.1.2.3", 40000, "198.51.100.9", 443};
    in->send_ip(tcp(c, 0x02));
    in->send_ip(tcp({"198.51.100.9", 443, "203.0.113.1", 40000}, 0x12));
    in->send_ip(tcp(c, 0x18, "GET / HTTP/1.0\r\n\r\n"));
    auto fwd = b.get<TestCollect>("out0")->data();
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(fwd.size(), 2u);
    ASSERT_EQ(rev.size(), 1u);
    EXPECT_EQ(hex(fwd[0]), hex(tcp({"203.0.113.1", 40000, "198.51.100.9", 443}, 0x02)));
    EXPECT_EQ(hex(rev[0]), hex(tcp({"198.51.100.9", 443, "10.1.2.3", 40000}, 0x12)));
    EXPECT_EQ(hex(fwd[1]), hex(tcp({"203.0.113.1", 40000, "198.51.100.9", 443}, 0x18, "GET / HTTP/1.0\r\n\r\n")));
    EXPECT_EQ(b.read("rw.tcp_table"),
              "(10.1.2.3, 40000, 198.51.100.9, 443) => (203.0.113.1, 40000, 198.51.100.9, 443) [*0 1] i0 exp300\n"
              "(198.51.100.9, 443, 203.0.113.1, 40000) => (198.51.100.9, 443, 10.1.2.3, 40000) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.read("rw.udp_table"), "");
}

TEST(IPRewriter, TakenOrOutOfRangeSourcePortGetsAnotherPort) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(udp(client));
    // Another host with the same source port to the same server: 5000 is taken.
    in->send_ip(udp({"10.0.0.2", 5000, "192.168.1.7", 53}));
    // A source port below the range.
    in->send_ip(udp({"10.0.0.3", 80, "192.168.1.7", 53}));
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 3u);
    uint16_t p2 = sport_of(fwd[1]), p3 = sport_of(fwd[2]);
    EXPECT_NE(p2, 5000);
    EXPECT_GE(p2, 1024);
    EXPECT_GE(p3, 1024);
    EXPECT_NE(p3, p2);
    EXPECT_EQ(hex(fwd[1]), hex(udp({"203.0.113.1", p2, "192.168.1.7", 53})));
    EXPECT_EQ(hex(fwd[2]), hex(udp({"203.0.113.1", p3, "192.168.1.7", 53})));
    // Each reply finds its own client.
    in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", p2}, "r2"));
    in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", p3}, "r3"));
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 2u);
    EXPECT_EQ(hex(rev[0]), hex(udp({"192.168.1.7", 53, "10.0.0.2", 5000}, "r2")));
    EXPECT_EQ(hex(rev[1]), hex(udp({"192.168.1.7", 53, "10.0.0.3", 80}, "r3")));
}

TEST(IPRewriter, SequentialPortsInOrderThenExhaustion) {
    auto b =
        build("in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-1026# - - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    // '#' ignores the packet's own port (7000 is outside the range anyway; 1026 is inside).
    in->send_ip(udp({"10.0.0.1", 1026, "192.168.1.7", 53}));
    in->send_ip(udp({"10.0.0.2", 7000, "192.168.1.7", 53}));
    in->send_ip(udp({"10.0.0.3", 7000, "192.168.1.7", 53}));
    in->send_ip(udp({"10.0.0.4", 7000, "192.168.1.7", 53}));  // no port left for this server
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(hex(out[0]), hex(udp({"203.0.113.1", 1024, "192.168.1.7", 53})));
    EXPECT_EQ(hex(out[1]), hex(udp({"203.0.113.1", 1025, "192.168.1.7", 53})));
    EXPECT_EQ(hex(out[2]), hex(udp({"203.0.113.1", 1026, "192.168.1.7", 53})));
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");
    EXPECT_EQ(b.read("rw.table_size"), "3\n");
    // Another server has all three ports free; allocation wraps around to the start.
    in->send_ip(udp({"10.0.0.4", 7000, "192.168.1.8", 53}));
    ASSERT_EQ(b.get<TestCollect>("out")->data().size(), 4u);
    EXPECT_EQ(sport_of(b.get<TestCollect>("out")->data()[3]), 1024);
    // Once a mapping goes, its port is free again.
    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
    in->send_ip(udp({"10.0.0.4", 7000, "192.168.1.7", 53}));
    EXPECT_EQ(sport_of(b.get<TestCollect>("out")->data()[4]), 1025);
}

TEST(IPRewriter, RandomAllocationUsesEveryPortOnce) {
    auto b =
        build("in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 2000-2001? - - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    for (int i = 0; i < 3; ++i) in->send_ip(udp({"10.0.0." + std::to_string(i + 1), 2000, "192.168.1.7", 53}));
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(sport_of(out[0]) + sport_of(out[1]), 2000 + 2001);
    EXPECT_EQ(b.read("rw.mapping_failures"), "1\n");
}

TEST(IPRewriter, FixedPortReplacesTheMappingWithTheSameReply) {
    auto b = build("in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 9000 - - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send_ip(udp({"10.0.0.1", 5000, "192.168.1.7", 53}));
    in->send_ip(udp({"10.0.0.2", 5001, "192.168.1.7", 53}));
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    in->send_ip(udp({"192.168.1.7", 53, "203.0.113.1", 9000}, "r"));
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(hex(out[2]), hex(udp({"192.168.1.7", 53, "10.0.0.2", 5001}, "r")));
}

TEST(IPRewriter, DropPassAndKeepSpecs) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(drop, pass 1, keep 0 1);"
        "i1 :: TestInject -> [1] rw; i2 :: TestInject -> [2] rw;"
        "rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* out0 = b.get<TestCollect>("out0");
    auto* out1 = b.get<TestCollect>("out1");
    Flow4 f{"10.0.0.1", 1111, "10.0.0.2", 2222};

    b.get<TestInject>("i0")->send_ip(udp(f));  // drop: gone
    b.get<TestInject>("i1")->send_ip(udp(f));  // pass 1: out1 unchanged, no mapping
    EXPECT_EQ(out0->data().size(), 0u);
    ASSERT_EQ(out1->data().size(), 1u);
    EXPECT_EQ(hex(out1->data()[0]), hex(udp(f)));
    EXPECT_EQ(b.read("rw.table_size"), "0\n");

    b.get<TestInject>("i2")->send_ip(udp(f));  // keep 0 1: out0 unchanged, mapping made
    ASSERT_EQ(out0->data().size(), 1u);
    EXPECT_EQ(hex(out0->data()[0]), hex(udp(f)));
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    // Mappings apply on every input: the reply on the drop input goes to ROUTPUT, and the
    // flow on the pass input to FOUTPUT.
    b.get<TestInject>("i0")->send_ip(udp(f.reversed(), "back"));
    b.get<TestInject>("i1")->send_ip(udp(f, "more"));
    ASSERT_EQ(out1->data().size(), 2u);
    EXPECT_EQ(hex(out1->data()[1]), hex(udp(f.reversed(), "back")));
    ASSERT_EQ(out0->data().size(), 2u);
    EXPECT_EQ(hex(out0->data()[1]), hex(udp(f, "more")));
    EXPECT_EQ(b.read("rw.patterns"), "<drop>\n<nochange>\n<keep> [1]\n");
}

TEST(IPRewriter, UdpChecksumZeroStaysZero) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    Options o;
    o.udp_checksum = false;
    b.get<TestInject>("in")->send_ip(ip_packet(client, o));
    auto out = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(hex(out[0]), hex(ip_packet({"203.0.113.1", 5000, "192.168.1.7", 53}, o)));
    EXPECT_EQ(get16(out[0], 26), 0u);
}

TEST(IPRewriter, FirstFragmentIsRewrittenLaterFragmentsAreNot) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 0, pass 1);"
        "i1 :: TestInject -> [1] rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Options first;
    first.frag = 0x2000;  // MF, offset 0
    b.get<TestInject>("i0")->send_ip(ip_packet(client, first));
    ASSERT_EQ(b.get<TestCollect>("out0")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out0")->data()[0]),
              hex(ip_packet({"203.0.113.1", 5000, "192.168.1.7", 53}, first)));
    Options later;
    later.frag = 0x0003;                                         // offset 24 bytes: no ports in it
    b.get<TestInject>("i0")->send_ip(ip_packet(client, later));  // pattern input: dropped
    b.get<TestInject>("i1")->send_ip(ip_packet(client, later));  // pass input: out1 unchanged
    EXPECT_EQ(b.get<TestCollect>("out0")->data().size(), 1u);
    ASSERT_EQ(b.get<TestCollect>("out1")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[0]), hex(ip_packet(client, later)));
}

TEST(IPRewriter, MalformedPacketsPassOrDropNeverCrash) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 0, pass 1);"
        "i1 :: TestInject -> [1] rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = udp(client);
    std::vector<std::string> bad;
    bad.push_back(good.substr(0, 27));  // UDP header cut short
    bad.push_back(good.substr(0, 12));  // IP header cut short
    std::string icmp = good;
    icmp[9] = 1;
    bad.push_back(icmp);
    std::string v6 = good;
    v6[0] = 0x65;
    bad.push_back(v6);
    std::string short_ihl = good;
    short_ihl[0] = 0x44;
    bad.push_back(short_ihl);
    std::string long_ihl = good;
    long_ihl[0] = 0x4f;  // 60-byte header in a 33-byte packet
    bad.push_back(long_ihl);
    std::string short_tcp = tcp(client, 0x02).substr(0, 20 + 12);  // 12 bytes of TCP header
    bad.push_back(short_tcp);
    for (const auto& p : bad) {
        b.get<TestInject>("i0")->send_ip(p);
        b.get<TestInject>("i1")->send_ip(p);
    }
    // Without a network header annotation nothing can be read either.
    b.get<TestInject>("i0")->send(good);
    b.get<TestInject>("i1")->send(good);
    EXPECT_EQ(b.get<TestCollect>("out0")->data().size(), 0u);
    auto passed = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(passed.size(), bad.size() + 1);
    for (size_t i = 0; i < bad.size(); ++i) EXPECT_EQ(hex(passed[i]), hex(bad[i])) << i;
    EXPECT_EQ(b.read("rw.table_size"), "0\n");

    // Random bytes of every small length, through both inputs.
    uint32_t seed = 1;
    for (int n = 0; n < 3000; ++n) {
        std::string junk(size_t(n % 70), '\0');
        for (auto& c : junk) c = char((seed = seed * 1664525 + 1013904223) >> 24);
        if (!junk.empty() && n % 2) junk[0] = char(0x45);
        b.get<TestInject>(n % 3 ? "i0" : "i1")->send_ip(junk);
    }
    SUCCEED();
}

TEST(IPRewriter, BatchesSplitByOutput) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b["in"];
    send_batch(in, {udp(client, "a"), udp({"192.168.1.7", 53, "203.0.113.1", 5000}, "b"), udp(client, "c"),
                    udp({"192.168.1.7", 53, "203.0.113.1", 5000}, "d")});
    // The reply in the batch follows the mapping its forward packet made just before.
    auto fwd = b.get<TestCollect>("out0")->data();
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(fwd.size(), 2u);
    ASSERT_EQ(rev.size(), 2u);
    EXPECT_EQ(hex(fwd[1]), hex(udp({"203.0.113.1", 5000, "192.168.1.7", 53}, "c")));
    EXPECT_EQ(hex(rev[0]), hex(udp({"192.168.1.7", 53, "10.0.0.1", 5000}, "b")));
    EXPECT_EQ(hex(rev[1]), hex(udp({"192.168.1.7", 53, "10.0.0.1", 5000}, "d")));
}

TEST(IPRewriter, SharedPacketsAreCopiedBeforeRewriting) {
    auto b = build(nat_config);
    ASSERT_TRUE(b.router) << b.errors;
    Packet* original = annotated(udp(client));
    Packet* clone = original->clone();
    b["in"]->output(0).push(clone);
    auto out = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(hex(out[0]), hex(udp({"203.0.113.1", 5000, "192.168.1.7", 53})));
    EXPECT_EQ(hex(std::string(reinterpret_cast<const char*>(original->data()), original->length())), hex(udp(client)));
    original->kill();
}

TEST(IPRewriter, Handlers) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1, keep 0 1);"
        "i1 :: TestInject -> [1] rw; rw[0] -> out0 :: TestCollect; rw[1] -> out1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i0")->send_ip(udp(client));
    b.get<TestInject>("i0")->send_ip(udp({"10.0.0.9", 6000, "192.168.1.7", 53}));
    b.get<TestInject>("i1")->send_ip(tcp({"10.0.0.5", 3333, "10.0.0.6", 22}, 0x02));
    EXPECT_EQ(b.read("rw.table_size"), "3\n");
    EXPECT_EQ(b.read("rw.nmappings"), "3\n");
    EXPECT_EQ(b.read("rw.size"), "3\n");
    EXPECT_EQ(b.read("rw.mapping_failures"), "0\n");
    EXPECT_EQ(b.read("rw.patterns"), "203.0.113.1 1024-65535 - - [2]\n<keep> [1]\n");
    EXPECT_EQ(b.read("rw.pattern0"), "203.0.113.1 1024-65535 - - [2]\n");
    EXPECT_EQ(b.read("rw.pattern1"), "<keep> [1]\n");
    EXPECT_EQ(b.read("rw.udp_table"),
              "(10.0.0.1, 5000, 192.168.1.7, 53) => (203.0.113.1, 5000, 192.168.1.7, 53) [*0 1] i0 exp300\n"
              "(192.168.1.7, 53, 203.0.113.1, 5000) => (192.168.1.7, 53, 10.0.0.1, 5000) [0 *1] i0 exp300\n"
              "(10.0.0.9, 6000, 192.168.1.7, 53) => (203.0.113.1, 6000, 192.168.1.7, 53) [*0 1] i0 exp300\n"
              "(192.168.1.7, 53, 203.0.113.1, 6000) => (192.168.1.7, 53, 10.0.0.9, 6000) [0 *1] i0 exp300\n");
    EXPECT_EQ(b.read("rw.udp_mappings"), b.read("rw.udp_table"));
    EXPECT_EQ(b.read("rw.tcp_table"),
              "(10.0.0.5, 3333, 10.0.0.6, 22) => (10.0.0.5, 3333, 10.0.0.6, 22) [*0 1] i1 exp300\n"
              "(10.0.0.6, 22, 10.0.0.5, 3333) => (10.0.0.6, 22, 10.0.0.5, 3333) [0 *1] i1 exp300\n");
    EXPECT_EQ(b.read("rw.tcp_mappings"), b.read("rw.tcp_table"));

    // capacity: "CAPACITY RESERVATION"; a smaller capacity removes mappings.
    EXPECT_EQ(b.read("rw.capacity"), "2147483647 50\n");
    EXPECT_EQ(b.write("rw.capacity", "lots"),
              "capacity: expected 'CAPACITY [RESERVATION]' with CAPACITY from 1 to 2147483647");
    EXPECT_EQ(b.write("rw.capacity", "0"),
              "capacity: expected 'CAPACITY [RESERVATION]' with CAPACITY from 1 to 2147483647");
    EXPECT_EQ(b.read("rw.capacity"), "2147483647 50\n");
    EXPECT_EQ(b.read("rw.table_size"), "3\n");
    EXPECT_EQ(b.write("rw.capacity", "2"), "");
    EXPECT_EQ(b.read("rw.capacity"), "2 0\n");
    EXPECT_EQ(b.read("rw.table_size"), "2\n");
    EXPECT_EQ(b.write("rw.capacity", "1000 7"), "");
    EXPECT_EQ(b.read("rw.capacity"), "1000 7\n");

    // patternN: a bad spec changes nothing; a good one replaces the spec and its mappings.
    EXPECT_EQ(b.write("rw.pattern0", "pattern 203.0.113.1 99999 - - 0 1"), "input spec 0: bad source port '99999'");
    EXPECT_EQ(b.write("rw.pattern0", "keep 0 2"), "input spec 0: output port 2 out of range (2 outputs)");
    EXPECT_EQ(b.read("rw.pattern0"), "203.0.113.1 1024-65535 - - [1]\n");
    EXPECT_EQ(b.write("rw.pattern0", "pattern 198.51.100.1 - - - 1 0"), "");
    EXPECT_EQ(b.read("rw.pattern0"), "198.51.100.1 - - -\n");
    EXPECT_EQ(b.read("rw.table_size"), "1\n");
    b.get<TestInject>("i0")->send_ip(udp(client));
    ASSERT_EQ(b.get<TestCollect>("out1")->data().size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out1")->data()[0]), hex(udp({"198.51.100.1", 5000, "192.168.1.7", 53})));

    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
    EXPECT_EQ(b.read("rw.tcp_table"), "");
    EXPECT_EQ(b.read("rw.patterns"), "198.51.100.1 - - -\n<keep>\n");
}

TEST(IPRewriter, ClickAliasesAreAccepted) {
    auto b = build(
        "i0 :: TestInject -> [0] rw :: IPRewriter(discard, nochange 0, passthrough, CAPACITY 16, REAP_TIME 1);"
        "i1 :: TestInject -> [1] rw; i2 :: TestInject -> [2] rw; rw -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("rw.patterns"), "<drop>\n<nochange>\n<nochange>\n");
    EXPECT_EQ(b.read("rw.capacity"), "16 2\n");
    b.get<TestInject>("i0")->send_ip(udp(client));
    b.get<TestInject>("i2")->send_ip(udp(client));
    EXPECT_EQ(b.get<TestCollect>("out")->data().size(), 1u);
}

TEST(IPRewriter, BadArguments) {
    auto err = [](const std::string& args) {
        std::string config = "TestInject -> rw :: IPRewriter(" + args + ") -> TestCollect;";
        return errors_of(config);
    };
    auto at = [](const std::string& args, const std::string& needle) {
        std::string config = "TestInject -> rw :: IPRewriter(" + args + ") -> TestCollect;";
        return "test.click:1:" + col(config, needle) + ": rw :: IPRewriter: ";
    };
    std::string a = "pattern 203.0.113.1 1024-70000 - - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad source port '1024-70000'\n");
    a = "pattern 203.0.113.1 1024# - - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad source port '1024#'\n");
    a = "pattern 203.0.113.1 2000-1000 - - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad source port '2000-1000'\n");
    a = "pattern 203.0.113.300 1024-65535 - - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad source address '203.0.113.300'\n");
    a = "pattern - - nowhere - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad destination address 'nowhere'\n");
    a = "pattern - - - 0 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad destination port '0'\n");
    a = "pattern 203.0.113.1 1024-65535 - 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") +
                          "input spec 0: syntax error, expected 'pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' or "
                          "'pattern NAME FOUTPUT ROUTPUT'\n");
    a = "pattern 203.0.113.1 1024-65535 - - 0 1";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: output port 1 out of range (1 output)\n");
    a = "pattern 203.0.113.1 1024-65535 - - x 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: bad forward port 'x'\n");
    a = "pattern NAT 0 0";
    EXPECT_EQ(err(a), at(a, "pattern") + "input spec 0: no such pattern 'NAT'\n");
    a = "keep 0";
    EXPECT_EQ(err(a), at(a, "keep") + "input spec 0: syntax error, expected 'keep FOUTPUT ROUTPUT'\n");
    a = "keep 0 y";
    EXPECT_EQ(err(a), at(a, "keep") + "input spec 0: bad reply port 'y'\n");
    a = "drop 0";
    EXPECT_EQ(err(a), at(a, "drop") + "input spec 0: syntax error, expected 'drop'\n");
    a = "pass 0 1";
    EXPECT_EQ(err(a), at(a, "pass") + "input spec 0: syntax error, expected 'pass [OUTPUT]'\n");
    a = "roundrobin";
    EXPECT_EQ(err(a), at(a, "roundrobin") + "input spec 0: unknown specification 'roundrobin'\n");
    a = "drop, drop";  // one input connected: reported at the element
    EXPECT_EQ(err(a), at(a, "rw ::") + "expected 1 input spec (one per input port), found 2\n");
    a = "drop, UDP_TIMEOUT soon";
    EXPECT_EQ(err(a), at(a, "UDP_TIMEOUT") + "UDP_TIMEOUT: expected time (for example 1.5s, 10ms, 250us)\n");
    a = "drop, NO_SUCH_KEYWORD 1";
    EXPECT_EQ(err(a), at(a, "NO_SUCH") + "unknown keyword 'NO_SUCH_KEYWORD'\n");
    a = "drop, MAPPING_CAPACITY 0";
    EXPECT_EQ(err(a), at(a, "MAPPING") + "MAPPING_CAPACITY: expected a number of mappings (1 to 2147483647)\n");
    a = "drop, MAPPING_CAPACITY rw";
    EXPECT_EQ(err(a), at(a, "MAPPING") + "MAPPING_CAPACITY: sharing another element's capacity is not supported\n");
    // Every spec is checked; each error names its input.
    std::string config =
        "i :: TestInject -> [0] rw :: IPRewriter(drop 1, pass 7); TestInject -> [1] rw -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:1:" + col(config, "drop 1") +
                                     ": rw :: IPRewriter: input spec 0: syntax error, expected 'drop'\n"
                                     "test.click:1:" +
                                     col(config, "pass 7") +
                                     ": rw :: IPRewriter: input spec 1: output port 7 out of range (1 output)\n");
}
