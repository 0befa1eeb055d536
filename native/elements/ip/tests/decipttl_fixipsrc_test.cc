// DecIPTTL and FixIPSrc: the rewritten headers are compared with headers the test builds
// from scratch (ip_packets.hh computes each checksum in full), so the incremental update
// and the recomputation are both checked against an independent sum.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string udp_with(IP f, const std::string& data = "ttl") {
    f.proto = 17;
    return ip_packet(f, udp_datagram(f, 9, 9, data));
}

IP with_ttl(unsigned ttl, const std::string& dst = "10.0.0.2") {
    IP f = proto(17);
    f.ttl = ttl;
    f.dst = dst;
    return f;
}

const char* const dec_config =
    "in :: TestInject -> d :: DecIPTTL -> out :: TestCollect; d[1] -> expired :: TestCollect;";

}  // namespace

TEST(DecIPTTL, DecrementsAndUpdatesTheChecksum) {
    auto b = build(dec_config);
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(udp_with(with_ttl(64)));
    b.get<TestInject>("in")->send_ip(udp_with(with_ttl(2)));
    b.get<TestInject>("in")->send_ip(udp_with(with_ttl(255)));
    // UDP checksums do not cover the TTL, so only the IP header changes.
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              (std::vector<std::string>{udp_with(with_ttl(63)), udp_with(with_ttl(1)), udp_with(with_ttl(254))}));
    EXPECT_EQ(b.read("d.drops"), "0\n");
}

TEST(DecIPTTL, IncrementalChecksumMatchesAFullOneForEveryChecksumValue) {
    // The ID field sweeps the header checksum through all its values.
    auto b = build(dec_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* out = b.get<TestCollect>("out");
    int mismatches = 0;
    for (unsigned id = 0; id < 65536; ++id) {
        IP before = with_ttl(17), after = with_ttl(16);
        before.id = after.id = id;
        b.get<TestInject>("in")->send_ip(ip_packet(before, ""));
        if (out->data().back() != ip_packet(after, "")) ++mismatches;
        out->clear();
    }
    EXPECT_EQ(mismatches, 0);
}

TEST(DecIPTTL, ExpiredPacketsGoToOutput1Unchanged) {
    auto b = build(dec_config);
    ASSERT_TRUE(b.router) << b.errors;
    std::string one = udp_with(with_ttl(1)), zero = udp_with(with_ttl(0));
    b.get<TestInject>("in")->send_batch({});
    b.get<TestInject>("in")->send_ip(one);
    b.get<TestInject>("in")->send_ip(zero);
    EXPECT_EQ(b.get<TestCollect>("expired")->data(), (std::vector<std::string>{one, zero}));
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.read("d.drops"), "2\n");
    EXPECT_EQ(b.write("d.drops", "0"), "handler 'd.drops' is not writable");
}

TEST(DecIPTTL, BatchesSplitAndUnconnectedOutput1Drops) {
    auto b = build("in :: TestInject -> MarkIPHeader -> d :: DecIPTTL -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({udp_with(with_ttl(1)), udp_with(with_ttl(9)), udp_with(with_ttl(0))});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{udp_with(with_ttl(8))});
    EXPECT_EQ(b.read("d.drops"), "2\n");
}

TEST(DecIPTTL, HeaderBehindALinkHeader) {
    auto b = build("in :: TestInject -> CheckIPHeader(2) -> d :: DecIPTTL -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("LL" + udp_with(with_ttl(30)));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{"LL" + udp_with(with_ttl(29))});
}

TEST(DecIPTTL, UnreadableHeadersGoToOutput1) {
    auto b = build(dec_config);
    ASSERT_TRUE(b.router) << b.errors;
    std::string pkt = udp_with(with_ttl(64));
    b.get<TestInject>("in")->send(pkt);                   // no annotation
    b.get<TestInject>("in")->send_ip(pkt.substr(0, 19));  // header cut short
    b.get<TestInject>("in")->send_ip("");
    EXPECT_EQ(b.get<TestCollect>("expired")->data(), (std::vector<std::string>{pkt, pkt.substr(0, 19), ""}));
    EXPECT_EQ(b.read("d.drops"), "3\n");
}

TEST(DecIPTTL, MulticastAndActive) {
    auto b = build(
        "in :: TestInject -> d :: DecIPTTL(MULTICAST false) -> out :: TestCollect; d[1] -> expired :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string m1 = udp_with(with_ttl(1, "224.0.0.5")), m2 = udp_with(with_ttl(9, "239.255.255.255"));
    std::string u1 = udp_with(with_ttl(1, "240.0.0.1"));
    b.get<TestInject>("in")->send_ip(m1);
    b.get<TestInject>("in")->send_ip(m2);
    b.get<TestInject>("in")->send_ip(u1);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{m1, m2}));
    EXPECT_EQ(b.get<TestCollect>("expired")->data(), std::vector<std::string>{u1});

    auto c = build(dec_config);
    ASSERT_TRUE(c.router) << c.errors;
    c.get<TestInject>("in")->send_ip(m1);  // multicast is decremented by default
    EXPECT_EQ(c.get<TestCollect>("expired")->data(), std::vector<std::string>{m1});
    EXPECT_EQ(c.read("d.active"), "true\n");
    EXPECT_EQ(c.write("d.active", "false"), "");
    EXPECT_EQ(c.read("d.active"), "false\n");
    c.get<TestInject>("in")->send_ip(m1);
    c.get<TestInject>("in")->send("not even IP");
    EXPECT_EQ(c.get<TestCollect>("out")->data(), (std::vector<std::string>{m1, "not even IP"}));
    EXPECT_EQ(c.write("d.active", "maybe"), "active: expected boolean (true/false)");
    EXPECT_EQ(c.read("d.active"), "false\n");
    EXPECT_EQ(c.write("d.active", "true"), "");
    c.get<TestInject>("in")->send_ip(udp_with(with_ttl(5)));
    EXPECT_EQ(c.get<TestCollect>("out")->data().back(), udp_with(with_ttl(4)));

    auto inactive = build("in :: TestInject -> d :: DecIPTTL(ACTIVE false) -> out :: TestCollect;");
    ASSERT_TRUE(inactive.router) << inactive.errors;
    EXPECT_EQ(inactive.read("d.active"), "false\n");
}

TEST(DecIPTTL, SharedPacketsAreCopiedBeforeWriting) {
    auto b = build(
        "in :: TestInject -> t :: Tee(2); t[0] -> MarkIPHeader -> DecIPTTL -> a :: TestCollect;"
        "t[1] -> b :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(udp_with(with_ttl(7)));
    EXPECT_EQ(b.get<TestCollect>("a")->data(), std::vector<std::string>{udp_with(with_ttl(6))});
    EXPECT_EQ(b.get<TestCollect>("b")->data(), std::vector<std::string>{udp_with(with_ttl(7))});
}

TEST(DecIPTTL, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> d :: DecIPTTL(ACTIVE maybe) -> Discard;"),
              "test.click:1:29: d :: DecIPTTL: ACTIVE: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> d :: DecIPTTL(1) -> Discard;"),
              "test.click:1:29: d :: DecIPTTL: too many arguments: '1' is not expected here\n");
}

namespace {
// Sends `bytes` marked at `ip_offset`, with the Fix IP Source annotation set or not; the
// router stays alive with the result, since its TestCollect owns the packets.
struct Fixed {
    Built b;
    std::vector<Packet*> out;
};

Fixed fix(const std::string& bytes, bool flag, int ip_offset = 0, uint32_t hlen = 20) {
    Fixed r;
    r.b = build("in :: TestInject -> FixIPSrc(192.0.2.1) -> out :: TestCollect;");
    if (!r.b.router) {
        ADD_FAILURE() << r.b.errors;
        return r;
    }
    Packet* p = TestInject::make(bytes);
    if (ip_offset >= 0) p->set_network_header(p->data() + ip_offset, hlen);
    p->anno()[anno::fix_ip_src] = flag ? 1 : 0;
    r.b.get<TestInject>("in")->send(p);
    r.out = r.b.get<TestCollect>("out")->packets;
    return r;
}

std::string data_of(const Packet* p) {
    return std::string(reinterpret_cast<const char*>(p->data()), p->length());
}
}  // namespace

TEST(FixIPSrc, RewritesTheSourceWhenAsked) {
    IP before = proto(1), after = proto(1);
    after.src = "192.0.2.1";
    std::string payload = icmp_message(3, 1, std::string(4, '\0'), std::string(28, 'q'));
    auto r = fix(ip_packet(before, payload), true);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(hex(data_of(r.out[0])), hex(ip_packet(after, payload)));
    EXPECT_EQ(r.out[0]->anno()[anno::fix_ip_src], 0);  // cleared

    r = fix(ip_packet(before, payload), false);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(hex(data_of(r.out[0])), hex(ip_packet(before, payload)));
}

TEST(FixIPSrc, RecomputesOverOptionsAndRepairsAStaleChecksum) {
    IP before = proto(6), after = proto(6);
    before.options = after.options = unhex("01010100");
    before.sum = 0x1234;  // wrong on arrival: FixIPSrc computes afresh
    after.src = "192.0.2.1";
    auto r = fix("LL" + ip_packet(before, "tcp?"), true, 2, 24);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(hex(data_of(r.out[0])), hex("LL" + ip_packet(after, "tcp?")));
}

TEST(FixIPSrc, UnreadableHeadersPassUnchanged) {
    IP opts = proto(6);
    opts.options = unhex("01010100");
    std::string cut = ip_packet(opts, "").substr(0, 22);  // says 24 header bytes, has 22
    for (const std::string& bytes : {std::string("\x45short"), cut}) {
        auto r = fix(bytes, true);
        ASSERT_EQ(r.out.size(), 1u);
        EXPECT_EQ(data_of(r.out[0]), bytes);
        EXPECT_EQ(r.out[0]->anno()[anno::fix_ip_src], 1);
    }
    auto r = fix(udp_packet(), true, -1);  // no annotation at all
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(data_of(r.out[0]), udp_packet());
}

TEST(FixIPSrc, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> f :: FixIPSrc -> Discard;"),
              "test.click:1:15: f :: FixIPSrc: missing mandatory IPADDR argument\n");
    EXPECT_EQ(errors_of("TestInject -> f :: FixIPSrc(1.2.3) -> Discard;"),
              "test.click:1:29: f :: FixIPSrc: IPADDR: expected IP address\n");
    EXPECT_EQ(errors_of("TestInject -> f :: FixIPSrc(1.2.3.4, 5) -> Discard;"),
              "test.click:1:38: f :: FixIPSrc: too many arguments: '5' is not expected here\n");
}
