// ProtocolTranslator46: expected packets are laid out by hand from RFC 7915's field mapping,
// with checksums computed by the test's own RFC 1071 sum over the pseudo-headers of
// RFC 768/793 (IPv4) and RFC 8200 8.1 (IPv6).
#include <gtest/gtest.h>

#include "ipencap/tests/ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

const std::string v4src = addr(192, 0, 2, 1), v4dst = addr(198, 51, 100, 7);
const std::string mapped = std::string(10, '\0') + "\xff\xff";
const std::string v6src = mapped + v4src, v6dst = mapped + v4dst;

std::string with_sum(std::string msg, size_t at, const std::string& pseudo) {
    msg[at] = msg[at + 1] = 0;
    std::string s = be16(rfc1071(pseudo + msg));
    msg[at] = s[0];
    msg[at + 1] = s[1];
    return msg;
}
std::string pseudo4(unsigned proto, size_t len) {
    return v4src + v4dst + std::string{0, char(proto)} + be16(unsigned(len));
}
std::string pseudo6(unsigned next, size_t len) {
    return v6src + v6dst + be32(len) + std::string{0, 0, 0, char(next)};
}
std::string ipv6_header(unsigned tclass, size_t plen, unsigned next, unsigned hlim) {
    return be32((6ul << 28) | (tclass << 20)) + be16(unsigned(plen)) + std::string{char(next), char(hlim)} + v6src +
           v6dst;
}
std::string ipv4(unsigned tos, unsigned proto, unsigned ttl, const std::string& l4, unsigned id = 0,
                 unsigned frag = 0x4000) {
    return ipv4_header(tos, 20 + unsigned(l4.size()), id, frag, ttl, proto, v4src, v4dst) + l4;
}

const std::string echo_data = "abcdefghijklmnop";
std::string icmp4_echo(unsigned type) {
    return with_sum(std::string{char(type), 0, 0, 0} + be16(0x1234) + be16(7) + echo_data, 2, "");
}
std::string icmp6_echo(unsigned type) {
    std::string m = std::string{char(type), 0, 0, 0} + be16(0x1234) + be16(7) + echo_data;
    return with_sum(m, 2, pseudo6(58, m.size()));
}
unsigned u16(const std::string& s, size_t i) {
    return static_cast<unsigned char>(s[i]) * 256u + static_cast<unsigned char>(s[i + 1]);
}
std::string udp_payload() {
    return be16(5353) + be16(53) + be16(8 + 5) + be16(0) + "hello";
}

struct Fixture {
    Built b;
    Fixture() {
        b = build(
            "v4 :: TestInject -> [0] t :: ProtocolTranslator46 [0] -> out6 :: TestCollect;"
            "v6 :: TestInject -> [1] t [1] -> out4 :: TestCollect;");
    }
    std::vector<std::string> four_to_six(const std::string& p) {
        b.get<TestCollect>("out6")->clear();
        b.get<TestInject>("v4")->send(p);
        return b.get<TestCollect>("out6")->data();
    }
    std::vector<std::string> six_to_four(const std::string& p) {
        b.get<TestCollect>("out4")->clear();
        b.get<TestInject>("v6")->send(p);
        return b.get<TestCollect>("out4")->data();
    }
};

}  // namespace

TEST(ProtocolTranslator46, IcmpEchoBothWays) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    for (unsigned type : {8u, 0u}) {
        std::string v4 = ipv4(0x28, 1, 63, icmp4_echo(type));
        std::string v6 = ipv6_header(0x28, 24, 58, 63) + icmp6_echo(type == 8 ? 128 : 129);
        auto got6 = f.four_to_six(v4);
        ASSERT_EQ(got6.size(), 1u);
        EXPECT_EQ(hex(got6[0]), hex(v6));
        auto got4 = f.six_to_four(v6);
        ASSERT_EQ(got4.size(), 1u);
        EXPECT_EQ(hex(got4[0]), hex(v4));  // DF set, identification 0: what the 6-to-4 direction makes
    }
}

TEST(ProtocolTranslator46, UdpAndTcpChecksumsFollowThePseudoHeader) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string udp = udp_payload();
    std::string udp4 = with_sum(udp, 6, pseudo4(17, udp.size()));
    std::string udp6 = with_sum(udp, 6, pseudo6(17, udp.size()));
    auto got6 = f.four_to_six(ipv4(0, 17, 64, udp4, 0x77, 0));
    ASSERT_EQ(got6.size(), 1u);
    EXPECT_EQ(hex(got6[0]), hex(ipv6_header(0, udp.size(), 17, 64) + udp6));
    // An IPv4 UDP datagram without a checksum gets one in IPv6.
    got6 = f.four_to_six(ipv4(0, 17, 64, udp, 0x78, 0));
    ASSERT_EQ(got6.size(), 1u);
    EXPECT_EQ(hex(got6[0]), hex(ipv6_header(0, udp.size(), 17, 64) + udp6));
    auto got4 = f.six_to_four(ipv6_header(0, udp.size(), 17, 64) + udp6);
    ASSERT_EQ(got4.size(), 1u);
    EXPECT_EQ(hex(got4[0]), hex(ipv4(0, 17, 64, udp4)));

    std::string tcp =
        be16(40000) + be16(80) + be32(1) + be32(0) + std::string{0x50, 0x02} + be16(65535) + be16(0) + be16(0) + "GET";
    std::string tcp4 = with_sum(tcp, 16, pseudo4(6, tcp.size()));
    std::string tcp6 = with_sum(tcp, 16, pseudo6(6, tcp.size()));
    got6 = f.four_to_six(ipv4(0, 6, 5, tcp4) + std::string(4, '\0'));  // link padding is cut
    ASSERT_EQ(got6.size(), 1u);
    EXPECT_EQ(hex(got6[0]), hex(ipv6_header(0, tcp.size(), 6, 5) + tcp6));
    got4 = f.six_to_four(ipv6_header(0, tcp.size(), 6, 5) + tcp6);
    ASSERT_EQ(got4.size(), 1u);
    EXPECT_EQ(hex(got4[0]), hex(ipv4(0, 6, 5, tcp4)));
}

TEST(ProtocolTranslator46, OptionsAndOtherProtocols) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    // A 24-byte IPv4 header (NOP NOP NOP EOL): the options are dropped.
    std::string l4 = "\x2f\x00\x00\x00payload";  // GRE-ish bytes: protocol 47 passes unchanged
    std::string h = std::string{0x46, 0} + be16(24 + unsigned(l4.size())) + be16(1) + be16(0) + std::string{9, 47} +
                    be16(0) + v4src + v4dst + std::string{1, 1, 1, 0};
    auto got6 = f.four_to_six(fill_ip_checksum(h) + l4);
    ASSERT_EQ(got6.size(), 1u);
    EXPECT_EQ(hex(got6[0]), hex(ipv6_header(0, l4.size(), 47, 9) + l4));
}

TEST(ProtocolTranslator46, UntranslatableAndMalformedAreDropped) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string quench = with_sum(std::string{4, 0, 0, 0, 0, 0, 0, 0} + ipv4(0, 17, 1, udp_payload()), 2, "");
    std::string mtu0 = with_sum(std::string{3, 4, 0, 0, 0, 0, 0, 0} + ipv4(0, 17, 1, udp_payload()), 2, "");
    std::vector<std::string> v4_inputs = {
        "",
        "\x45",
        ipv4(0, 1, 64, icmp4_echo(8)).substr(0, 30),  // total length beyond the data
        ipv4(0, 1, 64, quench),                       // source quench: not translated
        ipv4(0, 1, 64, mtu0),                         // fragmentation needed without an MTU
        ipv4(0, 1, 64, with_sum(std::string{11, 0, 0, 0, 0, 0, 0, 0} + "short", 2, "")),  // no inner header
        ipv4(0, 1, 64, "\x08\x00"),                                                       // truncated ICMP
        ipv4(0, 17, 64, "\x00\x01\x00"),                                                  // truncated UDP
        ipv4(0, 17, 64, udp_payload(), 5, 0x2000),                                        // a fragment
        ipv4(0, 17, 64, udp_payload(), 5, 3),                                             // a later fragment
        "\x65" + ipv4(0, 17, 64, udp_payload()).substr(1),                                // version 6 on the IPv4 input
    };
    for (const auto& p : v4_inputs) EXPECT_TRUE(f.four_to_six(p).empty()) << hex(p);
    std::string udp6 = with_sum(udp_payload(), 6, pseudo6(17, 13));
    std::string native_v6 = ipv6_header(0, udp6.size(), 17, 64) + udp6;
    native_v6[8] = 0x20;  // 2000::...: not IPv4-mapped
    std::string frag6 = ipv6_header(0, 8 + udp6.size(), 44, 64) + std::string{17, 0, 0, 0, 0, 0, 0, 1} + udp6;
    std::string v4_version = ipv6_header(0, udp6.size(), 17, 64) + udp6;
    v4_version[0] = 0x45;
    std::vector<std::string> v6_inputs = {
        "",
        ipv6_header(0, udp6.size(), 17, 64),  // payload missing
        native_v6,
        frag6,
        v4_version,
        ipv6_header(0, 8, 58, 64) + std::string{1, 4, 0, 0, 0, 0, 0, 0},  // ICMPv6 error
        ipv6_header(0, 3, 17, 64) + "abc",                                // truncated UDP
    };
    for (const auto& p : v6_inputs) EXPECT_TRUE(f.six_to_four(p).empty()) << hex(p);
    EXPECT_EQ(f.b.read("t.drops"), std::to_string(v4_inputs.size() + v6_inputs.size()) + "\n");
}

TEST(ProtocolTranslator46, OnePortTranslatesFourToSix) {
    Built b = build("in :: TestInject -> t :: ProtocolTranslator46 -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(ipv4(0, 1, 64, icmp4_echo(8)));
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]), hex(ipv6_header(0, 24, 58, 64) + icmp6_echo(128)));
}

TEST(ProtocolTranslator46, BadArguments) {
    std::string e = errors_of("i :: TestInject -> ProtocolTranslator46(1) -> TestCollect;");
    EXPECT_NE(e.find("test.click:1:41: "), std::string::npos) << e;
    e = errors_of("i :: TestInject -> t :: ProtocolTranslator46 -> TestCollect; t[1] -> TestCollect;");
    EXPECT_NE(e.find("as many outputs as inputs"), std::string::npos) << e;
}

TEST(ProtocolTranslator46, IcmpErrorsAndTheirQuotedPackets) {
    Fixture f;
    ASSERT_TRUE(f.b.router) << f.b.errors;
    std::string udp = udp_payload();
    std::string echo8 = icmp4_echo(8).substr(0, 8);  // what routers quote: the header and 64 bits
    struct Case {
        std::string icmp4_head, icmp6_head, inner4, inner6;
    } cases[] = {
        // Port unreachable (3/3) -> destination unreachable, port (1/4).
        {std::string{3, 3, 0, 0, 0, 0, 0, 0}, std::string{1, 4, 0, 0, 0, 0, 0, 0}, ipv4(0, 17, 1, udp),
         ipv6_header(0, udp.size(), 17, 1) + udp},
        // Time exceeded in transit (11/0) -> (3/0), quoting an echo request whose type becomes 128.
        {std::string{11, 0, 0, 0, 0, 0, 0, 0}, std::string{3, 0, 0, 0, 0, 0, 0, 0},
         ipv4_header(0, 20 + 24, 0, 0x4000, 1, 1, v4src, v4dst) + echo8,
         ipv6_header(0, 24, 58, 1) + char(128) + echo8.substr(1)},
        // Fragmentation needed, MTU 1400 (3/4) -> packet too big, MTU 1420 (2/0).
        {std::string{3, 4, 0, 0, 0, 0} + be16(1400), std::string{2, 0, 0, 0} + be32(1420), ipv4(0, 17, 1, udp),
         ipv6_header(0, udp.size(), 17, 1) + udp},
        // Parameter problem pointing at the protocol (12/0, 9) -> pointing at the next header (4/0, 6).
        {std::string{12, 0, 0, 0, 9, 0, 0, 0}, std::string{4, 0, 0, 0} + be32(6), ipv4(0, 17, 1, udp),
         ipv6_header(0, udp.size(), 17, 1) + udp},
    };
    for (const auto& c : cases) {
        std::string v4 = ipv4(0, 1, 64, with_sum(c.icmp4_head + c.inner4, 2, ""));
        std::string m6 = c.icmp6_head + c.inner6;
        std::string v6 = ipv6_header(0, m6.size(), 58, 64) + with_sum(m6, 2, pseudo6(58, m6.size()));
        auto got6 = f.four_to_six(v4);
        ASSERT_EQ(got6.size(), 1u) << hex(v4);
        EXPECT_EQ(hex(got6[0]), hex(v6));
        // And back: RFC 7915's two mappings undo each other for these messages.
        auto got4 = f.six_to_four(v6);
        ASSERT_EQ(got4.size(), 1u);
        EXPECT_EQ(hex(got4[0]), hex(v4));
    }
    // Unrecognized next header (4/1) -> protocol unreachable (3/2); ICMPv6 errors stay within 1280 bytes.
    std::string m6 = std::string{4, 1, 0, 0} + be32(6) + ipv6_header(0, udp.size(), 17, 1) + udp;
    auto got4 = f.six_to_four(ipv6_header(0, m6.size(), 58, 64) + with_sum(m6, 2, pseudo6(58, m6.size())));
    ASSERT_EQ(got4.size(), 1u);
    EXPECT_EQ(hex(got4[0]),
              hex(ipv4(0, 1, 64, with_sum(std::string{3, 2, 0, 0, 0, 0, 0, 0} + ipv4(0, 17, 1, udp), 2, ""))));
    std::string big = ipv4(0, 17, 1, std::string(1400, 'z'));
    auto got6 = f.four_to_six(ipv4(0, 1, 64, with_sum(std::string{3, 1, 0, 0, 0, 0, 0, 0} + big, 2, "")));
    ASSERT_EQ(got6.size(), 1u);
    EXPECT_EQ(got6[0].size(), 1280u);
    EXPECT_EQ(u16(got6[0], 4), 1280u - 40);
}
