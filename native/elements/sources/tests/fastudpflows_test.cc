// FastUDPFlows: header bytes written out by hand from the Ethernet, IPv4 and UDP layouts,
// the IP header checksum worked out by hand, and the UDP checksum checked by summing the
// pseudo-header and segment (RFC 768 / RFC 1071: a correct checksum sums to 0xffff).
#include <gtest/gtest.h>

#include "clickos/addresses.hh"
#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const char* const addresses = "00:11:22:33:44:55, 10.0.0.1, 66:77:88:99:aa:bb, 192.168.1.7";

std::string config(const std::string& head, const std::string& tail, const std::string& extra = "") {
    return "f :: FastUDPFlows(" + head + ", " + addresses + ", " + tail +
           ") -> u :: Unqueue(BURST 32) -> out :: TestCollect;" + extra;
}

unsigned word(const std::string& s, size_t at) {
    return unsigned(uint8_t(s[at])) << 8 | uint8_t(s[at + 1]);
}

// The one's-complement sum of the UDP pseudo-header and segment, folded.
unsigned udp_sum(const std::string& frame) {
    unsigned long sum = 0;
    for (size_t i = 26; i < 34; i += 2) sum += word(frame, i);  // source and destination address
    sum += 17;                                                  // protocol
    sum += word(frame, 38);                                     // UDP length
    for (size_t i = 34; i + 1 < frame.size(); i += 2) sum += word(frame, i);
    if (frame.size() % 2) sum += unsigned(uint8_t(frame.back())) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return unsigned(sum);
}

std::pair<unsigned, unsigned> ports(const std::string& frame) {
    return {word(frame, 34), word(frame, 36)};
}
}  // namespace

TEST(FastUDPFlows, BuildsEthernetIpUdpPackets) {
    auto b = build(config("0, 4, 64", "2, 2"));
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 4u);
    for (const std::string& f : got) {
        ASSERT_EQ(f.size(), 64u);
        // Ethernet: destination, source, type IPv4.
        EXPECT_EQ(hex(f.substr(0, 14)),
                  "66778899aabb"
                  "001122334455"
                  "0800");
        // IPv4: version 4 / IHL 5, TOS 0, total length 50, ID 0, no fragment, TTL 250, UDP,
        // checksum, 10.0.0.1, 192.168.1.7. The checksum by hand: 4500 + 0032 + fa11 + 0a00 +
        // 0001 + c0a8 + 0107 = 0x20af3, folded 0x0af5, complemented 0xf50a.
        EXPECT_EQ(hex(f.substr(14, 20)),
                  "4500"
                  "0032"
                  "0000"
                  "0000"
                  "fa11"
                  "f50a"
                  "0a000001"
                  "c0a80107");
        // UDP: length 30, a checksum that verifies, 22 zero bytes of payload.
        EXPECT_EQ(word(f, 38), 30u);
        EXPECT_NE(word(f, 40), 0u);
        EXPECT_EQ(udp_sum(f), 0xffffu);
        EXPECT_EQ(f.substr(42), std::string(22, '\0'));
        EXPECT_LT(ports(f).first, 65535u);
        EXPECT_LT(ports(f).second, 65535u);
    }
    // Flows take turns: packets 0 and 2 are flow 0, 1 and 3 flow 1, each with its own ports.
    EXPECT_EQ(ports(got[0]), ports(got[2]));
    EXPECT_EQ(ports(got[1]), ports(got[3]));
    EXPECT_NE(ports(got[0]), ports(got[1]));
}

TEST(FastUDPFlows, PortsChangeAfterFlowsizePackets) {
    auto b = build(config("0, 8, 60", "2, 2"));
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 8u);
    // Flow 0 sends packets 0, 2 (old ports) then 4, 6 (new); flow 1 likewise 1, 3 then 5, 7.
    EXPECT_EQ(ports(got[4]), ports(got[6]));
    EXPECT_EQ(ports(got[5]), ports(got[7]));
    EXPECT_NE(ports(got[4]), ports(got[0]));
    EXPECT_NE(ports(got[5]), ports(got[1]));
    // The packets still held from before the change kept their ports and checksums.
    EXPECT_EQ(ports(got[0]), ports(got[2]));
    for (const std::string& f : got) EXPECT_EQ(udp_sum(f), 0xffffu);
}

TEST(FastUDPFlows, PacketsAreClonesWithHeaderAnnotations) {
    auto b = build(config("0, 3, 60", "1, 100"));
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 3u);
    IPAddress dst;
    ASSERT_TRUE(IPAddress::parse("192.168.1.7", dst));
    for (Packet* p : got) {
        EXPECT_TRUE(p->shared());
        EXPECT_EQ(p->data(), got[0]->data());  // one buffer for the whole flow
        EXPECT_EQ(p->mac_header(), p->data());
        EXPECT_EQ(p->network_header_offset(), 14);
        EXPECT_EQ(p->transport_header_offset(), 34);
        EXPECT_EQ(p->dst_ip_anno(), dst.addr);
    }
}

TEST(FastUDPFlows, ChecksumOffAndShortLength) {
    auto b = build(config("0, 1, 40", "1, 1, false"));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.errors, "test.click:1:1: warning: f :: FastUDPFlows: LENGTH 40 is below 60, using 60\n");
    b.router->run_for(50'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].size(), 60u);
    EXPECT_EQ(word(got[0], 16), 46u);  // IP total length
    EXPECT_EQ(word(got[0], 38), 26u);  // UDP length
    EXPECT_EQ(word(got[0], 40), 0u);   // no UDP checksum
}

TEST(FastUDPFlows, RateLimitedPullSleeps) {
    auto b = build(config("2, -1, 60", "4, 10"));
    ASSERT_TRUE(b.router) << b.errors;
    // RATE 2 holds one packet in its bucket; the next is due after 0.5 s.
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(FastUDPFlows, RateOverHalfASecond) {
    auto b = build("f :: FastUDPFlows(1000, -1, 60, " + std::string(addresses) +
                   ", 16, 5) -> Unqueue(BURST 32) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(500'000'000);
    uint64_t n = std::stoull(b.read("c.count"));
    EXPECT_GE(n, 300u);
    EXPECT_LE(n, 700u);
}

TEST(FastUDPFlows, UnlimitedRateFeedsTheBenchmarkChain) {
    auto b = build(
        "f :: FastUDPFlows(RATE 0, LIMIT -1, LENGTH 64, SRCETH 00:11:22:33:44:55, SRCIP 10.0.0.1, "
        "DSTETH 66:77:88:99:aa:bb, DSTIP 192.168.1.7, FLOWS 1000, FLOWSIZE 50) -> Unqueue(BURST 32) -> "
        "Counter(COUNT_CALL 200000 stop) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(5'000'000'000));  // stopped by the Counter
    EXPECT_GE(std::stoull(b.read("f.count")), 200000u);
}

TEST(FastUDPFlows, Handlers) {
    auto b = build(config("0, 5, 60", "2, 3", " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;"));
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("f.count"), "5\n");
    EXPECT_EQ(b.read("f.limit"), "5\n");
    EXPECT_NE(b.read("f.rate"), "0\n");  // measured over the run that reached LIMIT
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    EXPECT_EQ(b.write("f.limit", "many"), "limit: expected integer");
    EXPECT_EQ(b.read("f.limit"), "5\n");
    EXPECT_EQ(b.write("f.limit", "7"), "");  // two more
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("f.count"), "7\n");
    EXPECT_EQ(b.write("f.reset", ""), "");
    EXPECT_EQ(b.read("f.count"), "0\n");
    EXPECT_EQ(b.read("f.rate"), "0\n");
    EXPECT_EQ(b.write("f.active", "nope"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.write("f.active", "false"), "");
    EXPECT_EQ(b.read("f.active"), "false\n");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("f.count"), "0\n");
    EXPECT_EQ(b.write("f.rate", "-3"), "rate: expected unsigned integer");
    EXPECT_EQ(b.write("f.rate", "2"), "");
    EXPECT_EQ(b.write("f.active", "true"), "");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("f.count"), "1\n");  // RATE 2: one packet now, the next in 0.5 s
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 8u);
}

TEST(FastUDPFlows, BadArguments) {
    EXPECT_EQ(errors_of("f :: FastUDPFlows(0, -1, 60, " + std::string(addresses) + ", 10) -> Unqueue -> Discard;"),
              "test.click:1:1: f :: FastUDPFlows: missing mandatory FLOWSIZE argument\n");
    EXPECT_EQ(errors_of("f :: FastUDPFlows(0, -1, 60, " + std::string(addresses) + ", 0, 5) -> Unqueue -> Discard;"),
              "test.click:1:1: f :: FastUDPFlows: FLOWS must be from 1 to 65536\n");
    EXPECT_EQ(errors_of("f :: FastUDPFlows(0, -1, 60, " + std::string(addresses) + ", 4, 0) -> Unqueue -> Discard;"),
              "test.click:1:1: f :: FastUDPFlows: FLOWSIZE must be at least 1\n");
    EXPECT_EQ(errors_of("f :: FastUDPFlows(0, -1, 70000, " + std::string(addresses) + ", 4, 4) -> Unqueue -> Discard;"),
              "test.click:1:1: f :: FastUDPFlows: LENGTH must be at most 65535\n");
    EXPECT_EQ(errors_of("f :: FastUDPFlows(0, -1, 60, 00:11:22:33:44:55, 10.0.0, 66:77:88:99:aa:bb, 192.168.1.7, 4, "
                        "4) -> Unqueue -> Discard;"),
              "test.click:1:49: f :: FastUDPFlows: SRCIP: expected IP address\n");
    // Its output is pull only.
    EXPECT_NE(errors_of("FastUDPFlows(0, -1, 60, " + std::string(addresses) + ", 4, 4) -> TestCollect;"), "");
}
