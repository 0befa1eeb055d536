// IPGWOptions: Record Route and Timestamp processing written out byte by byte from RFC 791
// and Click's documentation, and every malformed option on output 1 with the Parameter
// Problem pointer (anno::icmp_paramprob) at the offending byte.
#include <gtest/gtest.h>
#include <sys/time.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

// MYADDR 192.0.2.1 (c0000201); OTHERADDRS 10.9.9.9 (0a090909).
const char* const config =
    "in :: TestInject -> g :: IPGWOptions(192.0.2.1, 10.9.9.9 10.8.8.8) -> out :: TestCollect;"
    "g[1] -> bad :: TestCollect;";

std::string with_options(const std::string& options_hex) {
    IP f = proto(17);
    f.options = unhex(options_hex);
    return ip_packet(f, udp_datagram(f, 1, 2, "payload"));
}

struct Result {
    int port = -1;        // which output it left by
    std::string options;  // hex of the options of what came out
    int pointer = -1;     // Parameter Problem annotation, for output 1
    std::string bytes;
    Built b;
};

Result gw(const std::string& pkt) {
    Result r;
    r.b = build(config);
    if (!r.b.router) {
        ADD_FAILURE() << r.b.errors;
        return r;
    }
    r.b.get<TestInject>("in")->send_ip(pkt);
    for (int port : {0, 1}) {
        auto* c = r.b.get<TestCollect>(port ? "bad" : "out");
        if (c->packets.empty()) continue;
        r.port = port;
        r.bytes = c->data()[0];
        unsigned hlen = (uint8_t(r.bytes[0]) & 15) * 4;
        r.options = hex(r.bytes.substr(20, hlen - 20));
        if (port == 1) r.pointer = c->packets[0]->anno()[anno::icmp_paramprob];
    }
    return r;
}

// Milliseconds since midnight UT, read from the system clock independently of the element.
uint32_t now_ms() {
    timeval tv;
    gettimeofday(&tv, nullptr);
    return uint32_t((tv.tv_sec % 86400) * 1000 + tv.tv_usec / 1000);
}

uint32_t be32_at(const std::string& hex_text, size_t byte) {
    std::string b = unhex(hex_text.substr(byte * 2, 8));
    return uint32_t(uint8_t(b[0])) << 24 | uint32_t(uint8_t(b[1])) << 16 | uint32_t(uint8_t(b[2])) << 8 | uint8_t(b[3]);
}

}  // namespace

TEST(IPGWOptions, RecordRouteStoresMyAddress) {
    auto r = gw(with_options("070b04 00000000 00000000 00"));
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(r.options,
              "070b08"
              "c0000201"
              "00000000"
              "00");
    // The whole packet equals one built from scratch with those options (fresh checksum).
    EXPECT_EQ(hex(r.bytes), hex(with_options("070b08 c0000201 00000000 00")));

    r = gw(with_options("070b08 0a000001 00000000 00"));
    EXPECT_EQ(r.options,
              "070b0c"
              "0a000001"
              "c0000201"
              "00");
    r = gw(with_options("070b0c 0a000001 0a000002 00"));  // full: left alone
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(hex(r.bytes), hex(with_options("070b0c 0a000001 0a000002 00")));
}

TEST(IPGWOptions, OtherOptionsAreSkippedAndEndOfListStops) {
    // NOP NOP, Router Alert (not for IPGWOptions), then Record Route with room for one.
    auto r = gw(with_options("0101 94040000 070704 00000000 000000"));
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(r.options,
              "0101"
              "94040000"
              "070708"
              "c0000201"
              "000000");
    r = gw(with_options("00 070704 00000000"));  // after End of Option List: ignored
    EXPECT_EQ(r.options,
              "00"
              "070704"
              "00000000");
    r = gw(udp_packet());  // no options
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(r.bytes, udp_packet());
}

TEST(IPGWOptions, TimestampFlags) {
    uint32_t before = now_ms();
    auto r = gw(with_options("440c0500 00000000 00000000"));  // flag 0: timestamps only
    uint32_t after = now_ms();
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(r.options.substr(0, 8), "440c0900");
    uint32_t t = be32_at(r.options, 4);
    EXPECT_TRUE((before <= t && t <= after) || after < before) << t;  // (unless midnight passed)
    EXPECT_EQ(r.options.substr(16), "00000000");
    EXPECT_EQ(cksum(r.bytes.substr(0, 32)), 0u);  // header checksum recomputed

    r = gw(with_options("440c0501 00000000 00000000"));  // flag 1: address and timestamp
    EXPECT_EQ(r.options.substr(0, 16),
              "440c0d01"
              "c0000201");
    EXPECT_NEAR(double(be32_at(r.options, 8)), double(now_ms()), 1000.0);

    // Flag 3: a timestamp only where the prespecified address is one of ours.
    r = gw(with_options("44140503 c0000201 00000000 01010101 00000000"));
    EXPECT_EQ(r.options.substr(0, 16),
              "44140d03"
              "c0000201");
    EXPECT_NE(r.options.substr(16, 8), "00000000");
    r = gw(with_options("44140503 0a090909 00000000 01010101 00000000"));
    EXPECT_EQ(r.options.substr(0, 16),
              "44140d03"
              "0a090909");
    r = gw(with_options("44140503 01010101 00000000 0a080808 00000000"));
    EXPECT_EQ(r.options,
              "44140503"
              "01010101"
              "00000000"
              "0a080808"
              "00000000");
}

TEST(IPGWOptions, FullTimestampsCountOverflows) {
    auto r = gw(with_options("440c0d00 00000001 00000002"));  // flag 0, full
    EXPECT_EQ(r.port, 0);
    EXPECT_EQ(r.options,
              "440c0d10"
              "00000001"
              "00000002");
    r = gw(with_options("44080501 00000000"));  // flag 1 needs 8 bytes, has 4
    EXPECT_EQ(r.options,
              "44080511"
              "00000000");
    r = gw(with_options("440c0de0 00000001 00000002"));  // overflow 14 -> 15
    EXPECT_EQ(r.options,
              "440c0df0"
              "00000001"
              "00000002");
    EXPECT_EQ(cksum(r.bytes.substr(0, 32)), 0u);
}

TEST(IPGWOptions, MalformedOptionsGoToOutput1WithThePointer) {
    struct Case {
        const char* options;
        int pointer;
    } cases[] = {
        {"070b03 00000000 00000000 00", 22},           // RR pointer below 4
        {"070b0a 00000000 00000000 00", 22},           // RR pointer not on an address
        {"070b0d 00000000 00000000 00", 22},           // RR pointer past the end
        {"0701 0000", 21},                             // option length below 2
        {"070f04 00000000 00000000 00", 21},           // option runs past the header
        {"0702 0000", 21},                             // RR too short for its pointer
        {"0101 070b03 00000000 00000000 000000", 24},  // after two NOPs, the RR pointer is byte 24
        {"01010107", 24},                              // option type in the last byte
        {"44030500", 21},                              // Timestamp shorter than 4 bytes
        {"440c0400 00000000 00000000", 22},            // Timestamp pointer below 5
        {"440c0502 00000000 00000000", 23},            // unknown flag 2
        {"440c0d03 00000000 00000000", 23},            // prespecified with no room
        {"440c0df0 00000000 00000000", 23},            // overflow count already 15
    };
    for (const auto& c : cases) {
        std::string pkt = with_options(c.options);
        auto r = gw(pkt);
        EXPECT_EQ(r.port, 1) << c.options;
        EXPECT_EQ(r.pointer, c.pointer) << c.options;
        EXPECT_EQ(r.bytes, pkt) << c.options;  // unchanged
    }
}

TEST(IPGWOptions, UnreadableHeadersAndHandlers) {
    auto b = build(config);
    ASSERT_TRUE(b.router) << b.errors;
    std::string opts = with_options("070b04 00000000 00000000 00");
    b.get<TestInject>("in")->send(opts);                   // no annotation
    b.get<TestInject>("in")->send_ip(opts.substr(0, 30));  // options cut short
    b.get<TestInject>("in")->send_ip(opts.substr(0, 10));  // header cut short
    auto* bad = b.get<TestCollect>("bad");
    ASSERT_EQ(bad->packets.size(), 3u);
    for (Packet* p : bad->packets) EXPECT_EQ(p->anno()[anno::icmp_paramprob], 0);
    EXPECT_EQ(b.read("g.drops"), "3\n");
    EXPECT_EQ(b.write("g.drops", "0"), "handler 'g.drops' is not writable");
    EXPECT_EQ(b.read("g.drops"), "3\n");
}

TEST(IPGWOptions, WithoutOutput1AndSharedPackets) {
    auto b = build(
        "in :: TestInject -> t :: Tee(2); t[0] -> g :: IPGWOptions(192.0.2.1) -> a :: TestCollect;"
        "t[1] -> c :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string pkt = with_options("070b04 00000000 00000000 00");
    Packet* p = TestInject::make(pkt);
    p->set_network_header(p->data(), 32);
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(hex(b.get<TestCollect>("a")->data()[0]), hex(with_options("070b08 c0000201 00000000 00")));
    EXPECT_EQ(b.get<TestCollect>("c")->data()[0], pkt);  // the other copy is untouched
    Packet* q = TestInject::make("junk");
    b.get<TestInject>("in")->send(q);
    EXPECT_EQ(b.get<TestCollect>("a")->packets.size(), 1u);
    EXPECT_EQ(b.read("g.drops"), "1\n");
}

TEST(IPGWOptions, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> g :: IPGWOptions -> Discard;"),
              "test.click:1:15: g :: IPGWOptions: missing mandatory MYADDR argument\n");
    EXPECT_EQ(errors_of("TestInject -> g :: IPGWOptions(1.2.3.4, 5.6.7) -> Discard;"),
              "test.click:1:41: g :: IPGWOptions: OTHERADDRS: expected space-separated IP addresses, found "
              "'5.6.7'\n");
}
