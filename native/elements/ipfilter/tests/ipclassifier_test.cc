// IPClassifier: outputs derived by hand from the documented semantics (output i for the
// first matching pattern i, no match drops, packets without an IP header annotation drop).
#include "ipfilter/ipclassifier.hh"

#include <gtest/gtest.h>

#include <cstring>

#include "element_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(IPClassifier, ClickExampleTcpFlagsInANet) {
    // The first example of Click's documentation.
    std::string cls = "IPClassifier(10.0.0.0/24 and syn, 10.0.0.0/24 and fin ack, 10.0.0.0/24 and tcp, -)";
    std::vector<std::string> pkts = {
        tcp_packet("10.0.0.5", 1000, "1.2.3.4", 80, SYN),        // 0
        tcp_packet("1.2.3.4", 80, "10.0.0.9", 1000, FIN | ACK),  // 1: the net is the destination
        tcp_packet("10.0.0.5", 1001, "1.2.3.4", 80, ACK),        // 2
        tcp_packet("10.0.0.5", 1002, "1.2.3.4", 80, FIN),        // 2: FIN without ACK
        udp_packet("10.0.0.5", 53, "1.2.3.4", 53),               // 3: not TCP
        tcp_packet("10.0.1.5", 1000, "1.2.3.4", 80, SYN),        // 3: another net
        tcp_packet("10.0.0.5", 1003, "1.2.3.4", 80, SYN | ACK),  // 0: SYN set, ACK or not
    };
    EXPECT_EQ(classify(cls, 4, pkts), (std::vector<int>{0, 1, 2, 2, 3, 3, 0}));
}

TEST(IPClassifier, ClickExampleUserPorts) {
    // The second example: TCP to 8000 or 8080, TCP to other user ports, other TCP; the rest drops.
    std::string cls = "IPClassifier(dst tcp port 8000 or 8080, dst tcp port > 1023, tcp)";
    std::vector<std::string> pkts = {
        tcp_packet("1.1.1.1", 5000, "2.2.2.2", 8000), tcp_packet("1.1.1.1", 5001, "2.2.2.2", 8080),
        tcp_packet("1.1.1.1", 5002, "2.2.2.2", 9000), tcp_packet("1.1.1.1", 5003, "2.2.2.2", 80),
        udp_packet("1.1.1.1", 5004, "2.2.2.2", 8000), tcp_packet("1.1.1.1", 5005, "2.2.2.2", 1024),
        tcp_packet("1.1.1.1", 5006, "2.2.2.2", 1023), icmp_packet("1.1.1.1", "2.2.2.2", 8),
    };
    EXPECT_EQ(classify(cls, 3, pkts), (std::vector<int>{0, 0, 1, 2, -1, 1, 2, -1}));
}

TEST(IPClassifier, BatchesAreSplitPerOutputInOrder) {
    auto b = build(wire("IPClassifier(tcp, udp, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts;
    for (int i = 0; i < 9; ++i) {
        if (i % 3 == 0) pkts.push_back(tcp_packet("1.1.1.1", uint16_t(i), "2.2.2.2", 80));
        if (i % 3 == 1) pkts.push_back(udp_packet("1.1.1.1", uint16_t(i), "2.2.2.2", 53));
        if (i % 3 == 2) pkts.push_back(icmp_packet("1.1.1.1", "2.2.2." + std::to_string(i), 8));
    }
    send_batch_ip(b, pkts);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{pkts[0], pkts[3], pkts[6]}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{pkts[1], pkts[4], pkts[7]}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), (std::vector<std::string>{pkts[2], pkts[5], pkts[8]}));
}

TEST(IPClassifier, PacketsWithoutAnIPHeaderAnnotationAreDropped) {
    auto b = build(wire("IPClassifier(-)", 1));
    ASSERT_TRUE(b.router) << b.errors;
    std::string pkt = tcp_packet("1.1.1.1", 1, "2.2.2.2", 2);
    b.get<TestInject>("in")->send(pkt);  // no annotation
    b.get<TestInject>("in")->send_batch({pkt, pkt});
    EXPECT_TRUE(b.get<TestCollect>("o0")->packets.empty());
    b.get<TestInject>("in")->send_ip(pkt);
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 1u);
}

TEST(IPClassifier, HeaderAnnotationAfterAnEthernetHeader) {
    // The IP header starts at byte 14: patterns count from the annotation, not the data.
    auto b = build(wire("IPClassifier(dst port 80 and dst host 2.2.2.2, -)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    std::string eth = std::string(12, '\x11') + std::string("\x08\x00", 2);
    std::string web = eth + tcp_packet("1.1.1.1", 1234, "2.2.2.2", 80);
    std::string other = eth + tcp_packet("1.1.1.1", 1234, "2.2.2.2", 81);
    b.get<TestInject>("in")->send_ip(web, 14);
    b.get<TestInject>("in")->send_ip(other, 14);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{web});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{other});
}

TEST(IPClassifier, ProgramHandler) {
    // The protocol byte is byte 1 of the word at IP offset 8.
    auto b = build(wire("IPClassifier(tcp, udp, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("x.program"),
              "step 0: net+8/00060000%00ff0000  yes->[0]  no->step 1\n"
              "step 1: net+8/00110000%00ff0000  yes->[1]  no->[2]\n");
    // TCP, then a first fragment (the offset bits of IP bytes 6-7), then destination port
    // 80 (bytes 2-3 of the transport header).
    auto p = build(wire("IPClassifier(dst tcp port 80)", 1));
    ASSERT_TRUE(p.router) << p.errors;
    EXPECT_EQ(p.read("x.program"),
              "step 0: net+8/00060000%00ff0000  yes->step 1  no->drop\n"
              "step 1: net+4/00000000%00001fff  yes->step 2  no->drop\n"
              "step 2: tr+0/00000050%0000ffff  yes->[0]  no->drop\n");
    auto all = build(wire("IPClassifier(-)", 1));
    EXPECT_EQ(all.read("x.program"), "all packets -> [0]\n");
}

TEST(IPClassifier, ConfigHandlerReplacesThePatterns) {
    auto b = build(wire("IPClassifier(tcp, udp)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("x.config"), "tcp, udp\n");
    std::string t = tcp_packet("1.1.1.1", 1, "2.2.2.2", 2), u = udp_packet("1.1.1.1", 1, "2.2.2.2", 2);
    auto* in = b.get<TestInject>("in");
    in->send_ip(t);
    EXPECT_EQ(b.write("x.config", "udp, tcp"), "");
    EXPECT_EQ(b.read("x.config"), "udp, tcp\n");
    in->send_ip(t);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{t});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{t});
    // Wrong count and bad patterns are refused; the patterns stay.
    std::string program = b.read("x.program");
    EXPECT_EQ(b.write("x.config", "tcp"), "1 pattern for 2 outputs (one pattern per output)");
    EXPECT_EQ(b.write("x.config", "tcp, udp port x"), "x.config:1:15: pattern 1: unknown port 'x'");
    EXPECT_EQ(b.read("x.config"), "udp, tcp\n");
    EXPECT_EQ(b.read("x.program"), program);
    in->send_ip(u);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{t, u}));
}

namespace {

// A packet whose buffer ends exactly where its data ends (so reading past it is caught by
// the address sanitizer), with the IP header annotation at the start.
Packet* exact_packet(const std::string& bytes, uint32_t header_length) {
    auto* buf = new uint8_t[bytes.size() ? bytes.size() : 1];
    if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
    Packet* p = Packet::make_external(
        buf, uint32_t(bytes.size()), 0, uint32_t(bytes.size()), [](uint8_t* b, size_t, void*) { delete[] b; }, nullptr);
    p->set_network_header(p->data(), header_length);
    return p;
}

}  // namespace

TEST(IPClassifier, NeverReadsPastThePacket) {
    auto b = build(wire(
        "IPClassifier(dst tcp port 80 and syn, tcp win 8192, ip[20] == 1, transp[30:4] == 1, dst host 2.2.2.2, -)", 6));
    ASSERT_TRUE(b.router) << b.errors;
    IPv4 h;
    h.dst = "2.2.2.2";
    h.options = std::string("\x01\x01\x01\x00", 4);
    std::string pkt = ip(h, tcp(1234, 80, SYN));  // 24 + 20 bytes
    auto* in = b.get<TestInject>("in");
    for (size_t len = 0; len <= pkt.size(); ++len) in->send(exact_packet(pkt.substr(0, len), 24));
    // Each truncation goes to the first pattern whose bytes it holds entirely:
    // - pattern 0 reads the TCP flags (transport byte 13 = IP byte 37): lengths 38-44 (7);
    // - pattern 1 reads the window (IP bytes 38-39): those lengths already went to 0;
    // - pattern 2 reads IP byte 20 (the first option byte, 0x01): lengths 21-37 (17);
    // - pattern 3 reads past the end of every truncation: never;
    // - pattern 4 reads IP bytes 16-19: length 20 (1);
    // - the rest, lengths 0-19 (20), go to output 5.
    std::vector<size_t> counts;
    for (int i = 0; i < 6; ++i) counts.push_back(b.get<TestCollect>("o" + std::to_string(i))->packets.size());
    EXPECT_EQ(counts, (std::vector<size_t>{7, 0, 17, 0, 1, 20}));
}

TEST(IPClassifier, SinglePacketsThroughTee) {
    auto b = build(
        "in :: TestInject -> Tee(1) -> x :: IPClassifier(icmp, -); x[0] -> o0 :: TestCollect; "
        "x[1] -> o1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(icmp_packet("1.1.1.1", "2.2.2.2", 8));
    b.get<TestInject>("in")->send_ip(udp_packet("1.1.1.1", 1, "2.2.2.2", 2));
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 1u);
}
