// IPFragmenter: fragments are checked field by field against RFC 791 (8-byte offsets, MF
// on all but the last, copied options only on later fragments) and reassembled by the test
// to compare with the original datagram.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <map>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

unsigned u8(const std::string& s, size_t i) {
    return static_cast<unsigned char>(s[i]);
}
unsigned u16(const std::string& s, size_t i) {
    return u8(s, i) * 256 + u8(s, i + 1);
}

struct Frag {
    unsigned hl, len, id, offset_bytes;
    bool mf, df;
    std::string options, data;
};

Frag parse(const std::string& f) {
    Frag x;
    x.hl = (u8(f, 0) & 15) * 4;
    x.len = u16(f, 2);
    x.id = u16(f, 4);
    x.offset_bytes = (u16(f, 6) & 0x1fff) * 8;
    x.mf = u16(f, 6) & 0x2000;
    x.df = u16(f, 6) & 0x4000;
    x.options = f.substr(20, x.hl - 20);
    x.data = f.substr(x.hl, x.len - x.hl);
    return x;
}

// The data of fragments put back together by offset; fails on gaps or overlaps.
std::string reassemble(const std::vector<std::string>& frags) {
    std::map<unsigned, std::string> pieces;
    for (const auto& f : frags) pieces[parse(f).offset_bytes] = parse(f).data;
    std::string out;
    for (const auto& [off, data] : pieces) {
        EXPECT_EQ(off, out.size()) << "gap or overlap";
        out += data;
    }
    return out;
}

std::string payload(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += char('A' + i % 26);
    return s;
}

}  // namespace

TEST(IPFragmenter, SplitsIntoEightByteMultiples) {
    auto b = build("in :: TestInject -> f :: IPFragmenter(60) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data = payload(100);
    std::string orig = ipv4_header(0, 120, 0x4242, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data;
    b.get<TestInject>("in")->send_ip(orig);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 3u);
    // 60 - 20 = 40 data bytes per fragment: 40 at offset 0, 40 at 5 (x8), 20 at 10.
    EXPECT_EQ(got[0],
              ipv4_header(0, 60, 0x4242, 0x2000 | 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data.substr(0, 40));
    EXPECT_EQ(got[1],
              ipv4_header(0, 60, 0x4242, 0x2000 | 5, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data.substr(40, 40));
    EXPECT_EQ(got[2], ipv4_header(0, 40, 0x4242, 10, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data.substr(80, 20));
    EXPECT_EQ(reassemble(got), data);
    EXPECT_EQ(b.read("f.fragments"), "3\n");
    EXPECT_EQ(b.read("f.drops"), "0\n");
    for (Packet* p : b.get<TestCollect>("out")->packets) {
        EXPECT_EQ(p->network_header(), p->data());
        EXPECT_EQ(p->network_header_length(), 20u);
    }
}

TEST(IPFragmenter, OnlyCopiedOptionsRepeat) {
    auto b = build("in :: TestInject -> IPFragmenter(64) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // Options: record route (7, not copied), NOP, router alert (0x94, copied): 12 bytes.
    std::string opts = unhex(
        "070704"
        "00000000"
        "01"
        "94040000");
    std::string data = payload(100);
    std::string h = std::string{0x48, 0} + be16(132) + be16(7) + be16(0) + std::string{9, 6} + be16(0) +
                    addr(10, 0, 0, 1) + addr(10, 0, 0, 2) + opts;
    std::string orig = fill_ip_checksum(h) + data;
    b.get<TestInject>("in")->send_ip(orig);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 3u);
    // First: header 32, (64 - 32) & ~7 = 32 data bytes. Later: header 24, 40 data bytes.
    std::vector<Frag> f;
    for (const auto& g : got) f.push_back(parse(g));
    EXPECT_EQ(f[0].hl, 32u);
    EXPECT_EQ(f[0].options, opts);
    EXPECT_EQ(f[0].len, 64u);
    EXPECT_TRUE(f[0].mf);
    EXPECT_EQ(f[0].offset_bytes, 0u);
    EXPECT_EQ(f[1].hl, 24u);
    EXPECT_EQ(hex(f[1].options), "94040000");
    EXPECT_EQ(f[1].len, 64u);
    EXPECT_TRUE(f[1].mf);
    EXPECT_EQ(f[1].offset_bytes, 32u);
    EXPECT_EQ(f[2].hl, 24u);
    EXPECT_EQ(f[2].len, 24u + 28u);
    EXPECT_FALSE(f[2].mf);
    EXPECT_EQ(f[2].offset_bytes, 72u);
    for (const auto& g : got) {
        EXPECT_EQ(rfc1071(g.substr(0, parse(g).hl)), 0u);
        EXPECT_EQ(g.size(), parse(g).len);
        EXPECT_EQ(parse(g).id, 7u);
        EXPECT_EQ(g.substr(8, 2), orig.substr(8, 2));    // TTL and protocol
        EXPECT_EQ(g.substr(12, 8), orig.substr(12, 8));  // addresses
    }
    EXPECT_EQ(reassemble(got), data);
}

TEST(IPFragmenter, MalformedOptionsAreNotCopied) {
    auto b = build("in :: TestInject -> IPFragmenter(44) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data = payload(40);
    // Options: a copied option with length 0 (malformed), then one running past the header.
    for (std::string opts : {unhex("94000000"), unhex("01940800")}) {
        std::string h = std::string{0x46, 0} + be16(64) + be16(7) + be16(0) + std::string{9, 6} + be16(0) +
                        addr(10, 0, 0, 1) + addr(10, 0, 0, 2) + opts;
        b.get<TestInject>("in")->send_ip(fill_ip_checksum(h) + data);
    }
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 4u);
    for (size_t i = 0; i < 4; i += 2) {
        EXPECT_EQ(parse(got[i]).hl, 24u);
        EXPECT_EQ(parse(got[i + 1]).hl, 20u);
        EXPECT_EQ(rfc1071(got[i + 1].substr(0, 20)), 0u);
        EXPECT_EQ(reassemble({got[i], got[i + 1]}), data);
    }
}

TEST(IPFragmenter, FragmentOfAFragmentKeepsItsPlace) {
    auto b = build("in :: TestInject -> IPFragmenter(36) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data = payload(40);
    // A middle fragment at offset 100 (800 bytes): its pieces sit at 100, 102, ... and the
    // last keeps MF.
    b.get<TestInject>("in")->send_ip(ipv4_header(0, 60, 1, 0x2000 | 100, 9, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) +
                                     data);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(hex(got[0].substr(6, 2)), "2064");
    EXPECT_EQ(hex(got[1].substr(6, 2)), "2066");
    EXPECT_EQ(hex(got[2].substr(6, 2)), "2068");
    EXPECT_EQ(got[0].substr(20) + got[1].substr(20) + got[2].substr(20), data);
}

TEST(IPFragmenter, DontFragment) {
    auto b = build(
        "in :: TestInject -> f :: IPFragmenter(60) -> out :: TestCollect; f[1] -> df :: TestCollect;"
        "in2 :: TestInject -> g :: IPFragmenter(60, false) -> out2 :: TestCollect;"
        "in3 :: TestInject -> h :: IPFragmenter(60) -> out3 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data = payload(100);
    std::string orig = ipv4_header(0, 120, 0x4242, 0x4000, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data;
    b.get<TestInject>("in")->send_ip(orig);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_EQ(b.get<TestCollect>("df")->data(), std::vector<std::string>{orig});
    EXPECT_EQ(b.read("f.drops"), "1\n");
    EXPECT_EQ(b.read("f.fragments"), "0\n");
    // Small DF packets pass.
    std::string small = ipv4_header(0, 60, 1, 0x4000, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(40);
    b.get<TestInject>("in")->send_ip(small);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{small});
    // HONOR_DF false: fragmented anyway, DF cleared, one fresh identification for all.
    b.get<TestInject>("in2")->send_ip(orig);
    auto got = b.get<TestCollect>("out2")->data();
    ASSERT_EQ(got.size(), 3u);
    for (const auto& g : got) {
        EXPECT_FALSE(parse(g).df);
        EXPECT_EQ(parse(g).id, parse(got[0]).id);
        EXPECT_EQ(rfc1071(g.substr(0, 20)), 0u);
    }
    EXPECT_EQ(reassemble(got), data);
    // Without output 1 the packet is freed.
    b.get<TestInject>("in3")->send_ip(orig);
    EXPECT_TRUE(b.get<TestCollect>("out3")->packets.empty());
    EXPECT_EQ(b.read("h.drops"), "1\n");
}

TEST(IPFragmenter, BatchesKeepTheirOrder) {
    auto b = build("in :: TestInject -> f :: IPFragmenter(40) -> out :: TestCollect; f[1] -> df :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string small = ipv4_header(0, 24, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + "tiny";
    std::string big = ipv4_header(0, 52, 2, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(32);
    std::string dont = ipv4_header(0, 52, 3, 0x4000, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(32);
    b.get<TestInject>("in")->send_batch({big, dont, small, dont});
    auto got = b.get<TestCollect>("out")->data();
    // 32 data bytes under MTU 40: 16 + 16.
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(parse(got[0]).id, 2u);
    EXPECT_EQ(parse(got[0]).offset_bytes, 0u);
    EXPECT_EQ(parse(got[1]).offset_bytes, 16u);
    EXPECT_EQ(got[2], small);
    EXPECT_EQ(b.get<TestCollect>("df")->data(), (std::vector<std::string>{dont, dont}));
    EXPECT_EQ(b.read("f.drops"), "2\n");
    EXPECT_EQ(b.read("f.fragments"), "2\n");
}

TEST(IPFragmenter, MTUTooSmallForTheHeaderGoesToOutput1) {
    auto b = build("in :: TestInject -> f :: IPFragmenter(27) -> out :: TestCollect; f[1] -> big :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string orig = ipv4_header(0, 40, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(20);
    b.get<TestInject>("in")->send_ip(orig);
    EXPECT_EQ(b.get<TestCollect>("big")->data(), std::vector<std::string>{orig});
    EXPECT_EQ(b.read("f.drops"), "1\n");
}

TEST(IPFragmenter, LinkHeaderStaysOnTheFirstFragmentOnly) {
    auto b = build("in :: TestInject -> IPFragmenter(40) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string eth(14, '\xee');
    std::string data = payload(30);
    Packet* p = TestInject::make(eth + ipv4_header(0, 50, 3, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + data);
    p->set_mac_header(p->data());
    p->set_network_header(p->data() + 14, 20);
    p->set_paint_anno(9);
    p->set_dst_ip_anno(htonl(0x02020202));
    b.get<TestInject>("in")->send(p);
    auto& pk = b.get<TestCollect>("out")->packets;
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].substr(0, 14), eth);
    EXPECT_EQ(got[0].size(), 14u + 20u + 16u);
    EXPECT_EQ(pk[0]->network_header(), pk[0]->data() + 14);
    EXPECT_EQ(got[1].size(), 20u + 14u);
    EXPECT_EQ(pk[1]->network_header(), pk[1]->data());
    EXPECT_EQ(reassemble({got[0].substr(14), got[1]}), data);
    for (Packet* q : pk) {
        EXPECT_EQ(q->paint_anno(), 9);
        EXPECT_EQ(q->dst_ip_anno(), htonl(0x02020202));
    }
}

TEST(IPFragmenter, PaddingIsTrimmedAndSharedPacketsAreCopied) {
    auto b = build(
        "in :: TestInject -> t :: Tee(2); t[0] -> IPFragmenter(40) -> out :: TestCollect;"
        "t[1] -> keep :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string small = ipv4_header(0, 30, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(10);
    b.get<TestInject>("in")->send_ip(small + std::string(20, '\0'));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{small});
    std::string big = ipv4_header(0, 60, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(40);
    b.get<TestInject>("in")->send_ip(big);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 4u);  // the small packet, then 16 + 16 + 8 data bytes
    EXPECT_EQ(reassemble({got[1], got[2], got[3]}), payload(40));
    // The clone on the other branch still holds the original bytes.
    EXPECT_EQ(b.get<TestCollect>("keep")->data().back(), big);
}

TEST(IPFragmenter, MalformedPacketsAreFreed) {
    auto b = build("in :: TestInject -> f :: IPFragmenter(30) -> out :: TestCollect; f[1] -> df :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string good = ipv4_header(0, 60, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(40);
    std::string v6 = good, long_len = good, tiny_len = good, bad_hl = good;
    v6[0] = 0x65;
    long_len[3] = 61;  // total length beyond the data
    tiny_len[3] = 10;  // total length below the header length
    bad_hl[0] = 0x43;
    b.get<TestInject>("in")->send_batch({v6, long_len, tiny_len, bad_hl, std::string(40, '\0')});
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    EXPECT_TRUE(b.get<TestCollect>("df")->packets.empty());
    EXPECT_EQ(b.read("f.drops"), "5\n");
    // Packets within the MTU pass whatever they hold.
    b.get<TestInject>("in")->send_batch({"", "x", std::string(30, '\x45')});
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 3u);
}

TEST(IPFragmenter, HandlersAreReadOnly) {
    auto b = build("in :: TestInject -> f :: IPFragmenter(1500, HEADROOM 100) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("f.drops"), "0\n");
    EXPECT_EQ(b.read("f.fragments"), "0\n");
    EXPECT_EQ(b.write("f.drops", "5"), "handler 'f.drops' is not writable");
    EXPECT_EQ(b.read("f.drops"), "0\n");
    std::string big = ipv4_header(0, 1600, 1, 0, 64, 17, addr(1, 1, 1, 1), addr(2, 2, 2, 2)) + payload(1580);
    b.get<TestInject>("in")->send_ip(big);
    auto& pk = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(pk.size(), 2u);
    EXPECT_GE(pk[1]->headroom(), 100u);
    EXPECT_EQ(b.read("f.fragments"), "2\n");
}

TEST(IPFragmenter, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> IPFragmenter -> TestCollect;"),
              "test.click:1:15: IPFragmenter@2 :: IPFragmenter: missing mandatory MTU argument\n");
    EXPECT_EQ(errors_of("TestInject -> IPFragmenter(7) -> TestCollect;"),
              "test.click:1:15: IPFragmenter@2 :: IPFragmenter: MTU must be at least 8\n");
    EXPECT_EQ(errors_of("TestInject -> IPFragmenter(100, maybe) -> TestCollect;"),
              "test.click:1:33: IPFragmenter@2 :: IPFragmenter: HONOR_DF: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> IPFragmenter(100, HEADROOM 5000) -> TestCollect;"),
              "test.click:1:15: IPFragmenter@2 :: IPFragmenter: HEADROOM too large (maximum 1024)\n");
}
