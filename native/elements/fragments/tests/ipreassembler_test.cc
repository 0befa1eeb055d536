// IPReassembler: fragments are built by hand (RFC 791 fields written by the test), and the
// expected datagram is the original the test fragmented, with its header written by hand.
#include <gtest/gtest.h>

#include <algorithm>

#include "ipencap/tests/ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string payload(size_t n, char base = 'a') {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += char(base + i % 26);
    return s;
}

const std::string src = addr(10, 0, 0, 1), dst = addr(10, 0, 0, 2);

// A fragment of datagram `id` carrying `data` at byte offset `off` (a multiple of 8).
std::string frag(unsigned id, unsigned off, bool more, const std::string& data, unsigned proto = 17) {
    return ipv4_header(0, 20 + unsigned(data.size()), id, (more ? 0x2000 : 0) | off / 8, 64, proto, src, dst) + data;
}

std::string whole(unsigned id, const std::string& data, unsigned proto = 17) {
    return ipv4_header(0, 20 + unsigned(data.size()), id, 0, 64, proto, src, dst) + data;
}

struct Fixture {
    Built b;
    explicit Fixture(const std::string& args = "", bool two_outputs = false) {
        std::string cfg = "in :: TestInject -> r :: IPReassembler(" + args + ") -> out :: TestCollect;";
        if (two_outputs) cfg += " r[1] -> late :: TestCollect;";
        b = build(cfg);
    }
    void send(const std::string& s) { b.get<TestInject>("in")->send(s); }
    std::vector<std::string> out() { return b.get<TestCollect>("out")->data(); }
};

}  // namespace

TEST(IPReassembler, NonFragmentsPassUntouched) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string p = whole(7, payload(30));
    f.send(p);
    ASSERT_EQ(f.out().size(), 1u);
    EXPECT_EQ(f.out()[0], p);
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
}

TEST(IPReassembler, InOrderAndOutOfOrder) {
    std::string data = payload(100);
    for (int order = 0; order < 2; ++order) {
        Fixture f;
        ASSERT_TRUE(f.b.router) << f.b.errors;
        std::string a = frag(0x1234, 0, true, data.substr(0, 40)), b = frag(0x1234, 40, true, data.substr(40, 40)),
                    c = frag(0x1234, 80, false, data.substr(80));
        if (order == 0) {
            f.send(a), f.send(b), f.send(c);
        } else {
            f.send(c), f.send(a), f.send(b);
        }
        ASSERT_EQ(f.out().size(), 1u);
        EXPECT_EQ(hex(f.out()[0]), hex(whole(0x1234, data)));
        EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
        EXPECT_EQ(f.b.read("r.mem_used"), "0\n");
    }
}

TEST(IPReassembler, InterleavedDatagramsStaySeparate) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string d1 = payload(16, 'a'), d2 = payload(16, 'A');
    f.send(frag(1, 0, true, d1.substr(0, 8)));
    f.send(frag(2, 8, false, d2.substr(8)));
    f.send(frag(1, 8, false, d1.substr(8), 6));  // same id, other protocol: another datagram
    EXPECT_EQ(f.b.read("r.datagrams"), "3\n");
    f.send(frag(2, 0, true, d2.substr(0, 8)));
    f.send(frag(1, 8, false, d1.substr(8)));
    auto got = f.out();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], whole(2, d2));
    EXPECT_EQ(got[1], whole(1, d1));
}

TEST(IPReassembler, IdenticalOverlapsAndDuplicatesAreFine) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string data = payload(48);
    f.send(frag(9, 0, true, data.substr(0, 24)));
    f.send(frag(9, 0, true, data.substr(0, 24)));    // duplicate
    f.send(frag(9, 16, true, data.substr(16, 16)));  // overlaps, same bytes
    f.send(frag(9, 32, false, data.substr(32)));
    ASSERT_EQ(f.out().size(), 1u);
    EXPECT_EQ(f.out()[0], whole(9, data));
    EXPECT_EQ(f.b.read("r.drops"), "0\n");
}

TEST(IPReassembler, ConflictingOverlapDropsTheDatagram) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string data = payload(48);
    f.send(frag(9, 0, true, data.substr(0, 24)));
    f.send(frag(9, 16, true, std::string(16, 'X')));  // rewrites bytes 16..23: teardrop-like
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
    EXPECT_EQ(f.b.read("r.drops"), "1\n");
    f.send(frag(9, 24, false, data.substr(24)));  // starts a fresh, incomplete datagram
    EXPECT_TRUE(f.out().empty());
    EXPECT_EQ(f.b.read("r.mem_used") != "0\n", true);
}

TEST(IPReassembler, ContradictoryEndsDropTheDatagram) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.send(frag(3, 0, true, payload(16)));
    f.send(frag(3, 32, false, payload(8)));
    f.send(frag(3, 16, false, payload(8)));  // another end
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
    f.send(frag(4, 24, true, payload(8)));
    f.send(frag(4, 8, false, payload(8)));  // ends before data already held
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
    EXPECT_EQ(f.b.read("r.drops"), "2\n");
    EXPECT_TRUE(f.out().empty());
}

TEST(IPReassembler, MalformedPacketsAreDroppedNotCrashed) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.send("");
    f.send(std::string("\x45\x00", 2));
    std::string bad_version = whole(1, "xyz");
    bad_version[0] = 0x65;
    f.send(bad_version);
    std::string short_len = frag(1, 0, true, payload(8));
    f.send(short_len.substr(0, 24));              // total length beyond the data
    f.send(frag(1, 0, true, payload(12)));        // MF with data not a multiple of 8
    f.send(frag(1, 0xfff8, false, payload(16)));  // past 65535
    f.send(frag(1, 8, true, ""));                 // no data
    EXPECT_TRUE(f.out().empty());
    EXPECT_EQ(f.b.read("r.drops"), "7\n");
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
}

TEST(IPReassembler, LinkPaddingIsIgnoredAndOptionsKept) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    // First fragment with a 4-byte option (NOP NOP NOP EOL) and 6 bytes of padding after it.
    std::string data = payload(24);
    std::string h = std::string{0x46, 0} + be16(24 + 16) + be16(5) + be16(0x2000) + std::string{64, 17} + be16(0) +
                    src + dst + std::string{1, 1, 1, 0};
    f.send(fill_ip_checksum(h) + data.substr(0, 16) + std::string(6, '\0'));
    f.send(frag(5, 16, false, data.substr(16)));
    std::string eh = std::string{0x46, 0} + be16(24 + 24) + be16(5) + be16(0) + std::string{64, 17} + be16(0) + src +
                     dst + std::string{1, 1, 1, 0};
    ASSERT_EQ(f.out().size(), 1u);
    EXPECT_EQ(hex(f.out()[0]), hex(fill_ip_checksum(eh) + data));
}

TEST(IPReassembler, MemoryStaysBounded) {
    Fixture f("HIMEM 16384");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    for (unsigned id = 0; id < 200; ++id) {
        f.send(frag(id, 0, true, payload(8)));
        unsigned used = unsigned(std::stoul(f.b.read("r.mem_used")));
        EXPECT_LE(used, 16384u);
    }
    EXPECT_NE(f.b.read("r.drops"), "0\n");
    // The newest datagrams survive eviction and still complete.
    f.send(frag(199, 8, false, payload(8)));
    ASSERT_EQ(f.out().size(), 1u);
}

TEST(IPReassembler, TimeoutSendsPartialToOutput1) {
    Fixture f("TIMEOUT 20ms", true);
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string data = payload(24);
    f.send(frag(77, 0, true, data.substr(0, 8)));
    f.send(frag(77, 16, true, data.substr(16, 8)));
    f.send(frag(78, 8, false, data.substr(8, 8)));  // no first fragment: just dropped
    f.b.router->run_for(200'000'000);
    auto late = f.b.get<TestCollect>("late")->data();
    ASSERT_EQ(late.size(), 1u);
    EXPECT_EQ(hex(late[0]), hex(whole(77, data.substr(0, 8) + std::string(8, '\0') + data.substr(16, 8))));
    EXPECT_EQ(f.b.read("r.datagrams"), "0\n");
    EXPECT_EQ(f.b.read("r.drops"), "2\n");
    EXPECT_EQ(f.b.read("r.mem_used"), "0\n");
}

TEST(IPReassembler, BadArguments) {
    auto has = [](const std::string& errors, const std::string& where, const std::string& what) {
        return errors.find(where) != std::string::npos && errors.find(what) != std::string::npos;
    };
    EXPECT_TRUE(has(errors_of("i :: TestInject -> IPReassembler(HIMEM 10) -> TestCollect;"),
                    "test.click:1:20: ", "HIMEM must be at least 4096 bytes"));
    EXPECT_TRUE(has(errors_of("i :: TestInject -> IPReassembler(HIMEM 8192, MAX_MEMORY 8192) -> TestCollect;"),
                    "test.click:1:20: ", "not both"));
    EXPECT_TRUE(has(errors_of("i :: TestInject -> IPReassembler(TIMEOUT fast) -> TestCollect;"),
                    "test.click:1:34: ", "TIMEOUT"));
    EXPECT_TRUE(
        has(errors_of("i :: TestInject -> IPReassembler(FOO 1) -> TestCollect;"), "test.click:1:34: ", "HIMEM"));
}

TEST(IPReassembler, UndoesIPFragmenterInAnyOrder) {
    std::string data = payload(1000);
    std::string orig = whole(0x4242, data);
    for (int order = 0; order < 3; ++order) {
        Built b = build("in :: TestInject -> IPFragmenter(200) -> frags :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(orig);
        auto frags = b.get<TestCollect>("frags")->data();
        ASSERT_EQ(frags.size(), 6u);  // 180 data bytes per fragment
        if (order == 1) std::reverse(frags.begin(), frags.end());
        if (order == 2) std::swap(frags[0], frags[3]), std::swap(frags[1], frags[5]);
        Fixture f;
        ASSERT_TRUE(f.b.router) << f.b.errors;
        for (size_t i = 0; i < frags.size(); ++i) {
            EXPECT_TRUE(f.out().empty());
            f.send(frags[i]);
        }
        ASSERT_EQ(f.out().size(), 1u);
        EXPECT_EQ(hex(f.out()[0]), hex(orig));
    }
}

TEST(IPReassembler, WorksOnAPullPath) {
    Built b = build("in :: TestInject -> Queue(100) -> r :: IPReassembler -> Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data = payload(32);
    b.get<TestInject>("in")->send(frag(11, 16, false, data.substr(16)));
    b.get<TestInject>("in")->send(whole(12, "plain"));
    b.get<TestInject>("in")->send(frag(11, 0, true, data.substr(0, 16)));
    b.router->run_for(50'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], whole(12, "plain"));
    EXPECT_EQ(got[1], whole(11, data));
}
