// CheckIPHeader and CheckIPHeader2: what passes, what is marked, and every malformed header
// Click's documentation lists (short packet, version, header length, total length,
// checksum, bad source), on the error output or dropped. Packets come from ip_packets.hh.
#include <gtest/gtest.h>

#include <cstring>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

const char* const two_outputs =
    "in :: TestInject -> c :: CheckIPHeader(DETAILS true) -> out :: TestCollect; c[1] -> bad :: TestCollect;";

uint32_t anno_of(const std::string& dotted) {
    uint32_t v;
    std::memcpy(&v, addr(dotted).data(), 4);
    return v;
}

std::string with_byte(std::string s, size_t i, unsigned value) {
    s[i] = char(value);
    return s;
}

}  // namespace

TEST(CheckIPHeader, GoodPacketIsMarked) {
    auto b = build(two_outputs);
    ASSERT_TRUE(b.router) << b.errors;
    std::string pkt = udp_packet();
    b.get<TestInject>("in")->send(pkt);
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->data(), std::vector<std::string>{pkt});
    Packet* p = out->packets[0];
    EXPECT_EQ(p->network_header_offset(), 0);
    EXPECT_EQ(p->network_header_length(), 20u);
    EXPECT_EQ(p->transport_header_offset(), 20);
    EXPECT_EQ(p->dst_ip_anno(), anno_of("10.0.0.2"));
    EXPECT_TRUE(b.get<TestCollect>("bad")->packets.empty());
    EXPECT_EQ(b.read("c.drops"), "0\n");
}

TEST(CheckIPHeader, OptionsSetTheTransportHeaderAfterThem) {
    auto b = build(two_outputs);
    ASSERT_TRUE(b.router) << b.errors;
    IP f = proto(17);
    f.options = unhex("01010100");  // NOP NOP NOP EOL
    std::string pkt = ip_packet(f, udp_datagram(f, 1, 2, "x"));
    b.get<TestInject>("in")->send(pkt);
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 1u);
    EXPECT_EQ(out->packets[0]->network_header_length(), 24u);
    EXPECT_EQ(out->packets[0]->transport_header_offset(), 24);
}

TEST(CheckIPHeader, OffsetSkipsTheLinkHeaderAndPaddingIsTrimmed) {
    for (const char* conf : {"CheckIPHeader(14)", "CheckIPHeader(OFFSET 14)"}) {
        auto b = build(std::string("in :: TestInject -> c :: ") + conf + " -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        std::string ether = unhex("ffffffffffff 001122334455 0800");
        std::string pkt = udp_packet();
        // Ethernet pads short frames to 60 bytes: 14 + 33 + 13 zero bytes.
        b.get<TestInject>("in")->send(ether + pkt + std::string(13, '\0'));
        auto* out = b.get<TestCollect>("out");
        ASSERT_EQ(out->data(), std::vector<std::string>{ether + pkt}) << conf;
        EXPECT_EQ(out->packets[0]->network_header_offset(), 14);
        EXPECT_EQ(out->packets[0]->transport_header_offset(), 34);
        EXPECT_EQ(out->packets[0]->dst_ip_anno(), anno_of("10.0.0.2"));
    }
}

TEST(CheckIPHeader, EachMalformedHeaderGoesToOutput1) {
    auto b = build(two_outputs);
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = udp_packet();  // 33 bytes, header length 20
    IP too_long = proto(17), too_short = proto(17), long_hl = proto(17);
    too_long.length = 34;                     // one byte more than the packet has
    too_short.length = 19;                    // less than the header
    long_hl.options = std::string(40, '\1');  // IHL 15: 60-byte header, 73-byte packet...
    long_hl.length = 59;                      // ...whose total length says less than the header
    std::vector<std::string> bad_packets = {
        "",                                          // tiny packet
        good.substr(0, 19),                          // tiny packet
        with_byte(good, 0, 0x65),                    // version 6
        with_byte(good, 0, 0x44),                    // header length 16
        ip_packet(too_long, good.substr(20)),        // bad IP length
        ip_packet(too_short, good.substr(20)),       // bad IP length
        ip_packet(long_hl, good.substr(20)),         // bad IP length
        with_byte(good, 11, uint8_t(good[11]) ^ 1),  // bad checksum
    };
    for (const auto& p : bad_packets) b.get<TestInject>("in")->send(p);
    b.get<TestInject>("in")->send(good);
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), bad_packets);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{good});
    EXPECT_EQ(b.read("c.drops"), "8\n");
    EXPECT_EQ(b.read("c.drop_details"),
              "2\ttiny packet\n"
              "1\tbad IP version\n"
              "1\tbad IP header length\n"
              "3\tbad IP length\n"
              "1\tbad IP checksum\n"
              "0\tbad source address\n");
}

TEST(CheckIPHeader, OffsetPastTheEndIsATinyPacket) {
    auto b = build("in :: TestInject -> c :: CheckIPHeader(OFFSET 40, DETAILS true) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(udp_packet());  // 33 bytes
    EXPECT_EQ(b.read("c.drops"), "1\n");
    EXPECT_EQ(b.read("c.drop_details").substr(0, 14), "1\ttiny packet\n");
}

TEST(CheckIPHeader, WithoutOutput1BadPacketsAreDropped) {
    auto b = build("in :: TestInject -> c :: CheckIPHeader -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = udp_packet();
    b.get<TestInject>("in")->send_batch({good.substr(0, 10), good, with_byte(good, 10, 0)});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{good});
    EXPECT_EQ(b.read("c.drops"), "2\n");
    EXPECT_EQ(b["c"]->noutputs(), 1);
}

TEST(CheckIPHeader, ChecksumCheckCanBeTurnedOff) {
    std::string bad_sum = with_byte(udp_packet(), 11, 0);
    for (const char* conf : {"CheckIPHeader(CHECKSUM false)", "CheckIPHeader2", "CheckIPHeader2(0)"}) {
        auto b = build(std::string("in :: TestInject -> c :: ") + conf + " -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(bad_sum);
        EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 1u) << conf;
    }
    auto b = build("in :: TestInject -> c :: CheckIPHeader2(CHECKSUM true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(bad_sum);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("c.class"), "CheckIPHeader2\n");
}

namespace {
std::string from_to(const std::string& src, const std::string& dst) {
    IP f = proto(17);
    f.src = src;
    f.dst = dst;
    return ip_packet(f, udp_datagram(f, 1, 2, ""));
}

// Sends each (src, dst) through `conf` and returns which passed ("+") or failed ("-").
std::string verdicts(const std::string& conf, const std::vector<std::pair<std::string, std::string>>& pairs) {
    auto b = build("in :: TestInject -> c :: " + conf + " -> out :: TestCollect; c[1] -> bad :: TestCollect;");
    if (!b.router) return b.errors;
    std::string s;
    for (const auto& [src, dst] : pairs) {
        size_t before = b.get<TestCollect>("out")->packets.size();
        b.get<TestInject>("in")->send(from_to(src, dst));
        s += b.get<TestCollect>("out")->packets.size() > before ? '+' : '-';
    }
    return s;
}
}  // namespace

TEST(CheckIPHeader, BadSourcesUnlessTheDestinationIsGood) {
    EXPECT_EQ(verdicts("CheckIPHeader(BADSRC 10.0.0.1 10.0.0.7, GOODDST 10.0.0.9)", {{"10.0.0.1", "10.0.0.2"},
                                                                                     {"10.0.0.7", "10.0.0.2"},
                                                                                     {"10.0.0.1", "10.0.0.9"},
                                                                                     {"10.0.0.3", "10.0.0.2"},
                                                                                     {"0.0.0.0", "10.0.0.2"}}),
              "--++"
              "+");
    // INTERFACES 10.0.0.2/24 18.26.4.9/28: bad sources 10.0.0.255, 18.26.4.15, 0.0.0.0 and
    // 255.255.255.255; good destinations 10.0.0.2 and 18.26.4.9.
    EXPECT_EQ(verdicts("CheckIPHeader(INTERFACES 10.0.0.2/24 18.26.4.9/28)", {{"10.0.0.255", "1.2.3.4"},
                                                                              {"18.26.4.15", "1.2.3.4"},
                                                                              {"0.0.0.0", "1.2.3.4"},
                                                                              {"255.255.255.255", "1.2.3.4"},
                                                                              {"10.0.0.255", "10.0.0.2"},
                                                                              {"0.0.0.0", "18.26.4.9"},
                                                                              {"18.26.4.14", "1.2.3.4"},
                                                                              {"10.0.0.1", "1.2.3.4"}}),
              "----"
              "++"
              "++");
    auto b = build("in :: TestInject -> c :: CheckIPHeader(BADSRC 10.0.0.1, DETAILS true) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(from_to("10.0.0.1", "10.0.0.2"));
    EXPECT_EQ(b.read("c.drop_details"),
              "0\ttiny packet\n0\tbad IP version\n0\tbad IP header length\n0\tbad IP length\n0\tbad IP "
              "checksum\n1\tbad source address\n");
}

TEST(CheckIPHeader, DeprecatedBadSrcSyntax) {
    // CheckIPHeader(BADSRC2 [, OFFSET]): the list plus 0.0.0.0 and 255.255.255.255.
    EXPECT_EQ(verdicts("CheckIPHeader(10.0.0.1 10.0.0.7)", {{"10.0.0.1", "10.0.0.2"},
                                                            {"10.0.0.7", "10.0.0.2"},
                                                            {"0.0.0.0", "10.0.0.2"},
                                                            {"255.255.255.255", "10.0.0.2"},
                                                            {"10.0.0.3", "10.0.0.2"}}),
              "----+");
    auto b = build("in :: TestInject -> c :: CheckIPHeader(10.0.0.1, 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("xx" + from_to("10.0.0.3", "10.0.0.2"));
    b.get<TestInject>("in")->send("xx" + from_to("10.0.0.1", "10.0.0.2"));
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->network_header_offset(), 2);
}

TEST(CheckIPHeader, BatchesAreSplitInOrder) {
    auto b = build(two_outputs);
    ASSERT_TRUE(b.router) << b.errors;
    std::string g1 = udp_packet("one"), g2 = udp_packet("two"), b1 = g1.substr(0, 5), b2 = with_byte(g2, 0, 0x55);
    b.get<TestInject>("in")->send_batch({b1, g1, b2, g2});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{g1, g2}));
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), (std::vector<std::string>{b1, b2}));
}

TEST(CheckIPHeader, PullPath) {
    auto b = build(
        "in :: TestInject -> Queue -> c :: CheckIPHeader -> Unqueue(BURST 8) -> out :: TestCollect;"
        "c[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = udp_packet();
    b.get<TestInject>("in")->send_batch({good, "short", good});
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{good, good}));
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), std::vector<std::string>{"short"});
    EXPECT_EQ(b.get<TestCollect>("out")->packets[1]->dst_ip_anno(), anno_of("10.0.0.2"));
}

TEST(CheckIPHeader, Handlers) {
    auto b = build("in :: TestInject -> c :: CheckIPHeader -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("bad");
    EXPECT_EQ(b.read("c.drops"), "1\n");
    EXPECT_EQ(b.write("c.drops", "0"), "handler 'c.drops' is not writable");
    EXPECT_EQ(b.read("c.drops"), "1\n");
    EXPECT_EQ(b.read("c.drop_details"), "ERROR: element 'c' has no handler 'drop_details'");
}

TEST(CheckIPHeader, ReportsTheFirstFailureOrEveryOneWhenVerbose) {
    for (bool verbose : {false, true}) {
        auto b = build(std::string("in :: TestInject -> c :: CheckIPHeader(VERBOSE ") + (verbose ? "true" : "false") +
                       ") -> Discard;");
        ASSERT_TRUE(b.router) << b.errors;
        std::string bad_sum = with_byte(udp_packet(), 10, 0);
        ::testing::internal::CaptureStderr();
        b.get<TestInject>("in")->send(bad_sum);
        b.get<TestInject>("in")->send("x");
        std::string printed = ::testing::internal::GetCapturedStderr();
        std::string first = "c :: CheckIPHeader: IP header check failed: bad IP checksum\n";
        EXPECT_EQ(printed, verbose ? first + "c :: CheckIPHeader: IP header check failed: tiny packet\n" : first);
    }
}

TEST(CheckIPHeader, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(OFFSET -1) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: OFFSET: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(BADSRC 1.2.3) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: BADSRC: expected space-separated IP addresses, found '1.2.3'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(INTERFACES 1.2.3.4/33) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: INTERFACES: expected space-separated ADDR/PREFIX interface "
              "addresses, found '1.2.3.4/33'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(FOO 1) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: unknown keyword 'FOO'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(1.2.3.4, 14, 3) -> TestCollect;"),
              "test.click:1:47: c :: CheckIPHeader: too many arguments: '3' is not expected here\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(nonsense) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: BADSRC2: expected space-separated IP addresses, found "
              "'nonsense'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(1.2.3.4, x) -> TestCollect;"),
              "test.click:1:43: c :: CheckIPHeader: OFFSET: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader(CHECKSUM maybe) -> TestCollect;"),
              "test.click:1:34: c :: CheckIPHeader: CHECKSUM: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckIPHeader2(VERBOSE 2) -> TestCollect;"),
              "test.click:1:35: c :: CheckIPHeader2: VERBOSE: expected boolean (true/false)\n");
}
