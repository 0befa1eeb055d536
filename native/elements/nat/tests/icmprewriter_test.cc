// ICMPRewriter: packets go through real rewriters first; the errors about them are built by hand
// (icmp_packets.hh computes every checksum from scratch), and the expected rewritten errors are
// the same errors built about the original packets, as the documentation says they must read.
#include "nat/icmprewriter.hh"

#include <gtest/gtest.h>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

const char* config =
    "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1);"
    "rw[0] -> out0 :: TestCollect; rw[1] -> Discard;"
    "pin :: TestInject -> ping :: ICMPPingRewriter(pattern 203.0.113.1 2000-2001# - - 0 1);"
    "ping[0] -> pout :: TestCollect; ping[1] -> Discard;"
    "ain :: TestInject -> addr :: IPAddrRewriter(pattern 198.51.100.1 - 0 1);"
    "addr[0] -> aout :: TestCollect; addr[1] -> Discard;"
    "errs :: TestInject -> icmprw :: ICMPRewriter(rw ping addr);"
    "icmprw[0] -> fixed :: TestCollect; icmprw[1] -> other :: TestCollect;";

}  // namespace

TEST(ICMPRewriter, ErrorsAboutRewrittenFlowsReadAsAboutTheOriginals) {
    auto b = build(config);
    ASSERT_TRUE(b.router) << b.errors;
    const Flow4 client{"10.0.0.1", 5000, "8.8.8.8", 53};
    const std::string original = udp(client, "query");
    b.get<TestInject>("in")->send_ip(original);
    const std::string sent = b.get<TestCollect>("out0")->data().at(0);
    ASSERT_EQ(hex(sent), hex(udp({"203.0.113.1", 5000, "8.8.8.8", 53}, "query")));
    const Flow4 tclient{"10.0.0.1", 40000, "1.1.1.1", 443};
    const std::string toriginal = tcp(tclient, 0x02);
    b.get<TestInject>("in")->send_ip(toriginal);
    const std::string tsent = b.get<TestCollect>("out0")->data().at(1);

    auto* errs = b.get<TestInject>("errs");
    // Time exceeded from a router on the way; port unreachable from the server itself; a quote
    // long enough to hold the TCP checksum.
    errs->send_ip(icmp_error("192.0.2.1", "203.0.113.1", 11, 0, sent));
    errs->send_ip(icmp_error("8.8.8.8", "203.0.113.1", 3, 3, sent, sent.size()));
    errs->send_ip(icmp_error("192.0.2.1", "203.0.113.1", 3, 4, tsent, 40));
    auto fixed = b.get<TestCollect>("fixed")->data();
    ASSERT_EQ(fixed.size(), 3u);
    EXPECT_EQ(hex(fixed[0]), hex(icmp_error("192.0.2.1", "10.0.0.1", 11, 0, original)));
    EXPECT_EQ(hex(fixed[1]), hex(icmp_error("8.8.8.8", "10.0.0.1", 3, 3, original, original.size())));
    EXPECT_EQ(hex(fixed[2]), hex(icmp_error("192.0.2.1", "10.0.0.1", 3, 4, toriginal, 40)));
    IPAddress a;
    IPAddress::parse("10.0.0.1", a);
    EXPECT_EQ(b.get<TestCollect>("fixed")->packets[0]->dst_ip_anno(), a.addr);
    EXPECT_EQ(b.get<TestCollect>("other")->data().size(), 0u);
}

TEST(ICMPRewriter, PingAndAddressMappings) {
    auto b = build(config);
    ASSERT_TRUE(b.router) << b.errors;
    const std::string request = echo("10.0.0.5", "8.8.8.8", 9, true);
    b.get<TestInject>("pin")->send_ip(request);
    const std::string sent = b.get<TestCollect>("pout")->data().at(0);
    ASSERT_EQ(hex(sent), hex(echo("203.0.113.1", "8.8.8.8", 2000, true)));
    const std::string datagram = udp({"10.0.0.7", 4000, "1.1.1.1", 53});
    b.get<TestInject>("ain")->send_ip(datagram);
    const std::string asent = b.get<TestCollect>("aout")->data().at(0);

    auto* errs = b.get<TestInject>("errs");
    errs->send_ip(icmp_error("192.0.2.1", "203.0.113.1", 11, 0, sent));
    errs->send_ip(icmp_error("1.1.1.1", "198.51.100.1", 3, 3, asent));
    auto fixed = b.get<TestCollect>("fixed")->data();
    ASSERT_EQ(fixed.size(), 2u);
    EXPECT_EQ(hex(fixed[0]), hex(icmp_error("192.0.2.1", "10.0.0.5", 11, 0, request)));
    EXPECT_EQ(hex(fixed[1]), hex(icmp_error("1.1.1.1", "10.0.0.7", 3, 3, datagram)));
}

TEST(ICMPRewriter, UnknownNonErrorAndMalformedGoToOutputOne) {
    auto b = build(config);
    ASSERT_TRUE(b.router) << b.errors;
    const std::string stranger = udp({"203.0.113.1", 7777, "8.8.8.8", 53});
    std::string bad_quote = icmp_error("192.0.2.1", "203.0.113.1", 11, 0, stranger);
    std::vector<std::string> packets = {
        icmp_error("192.0.2.1", "203.0.113.1", 11, 0, stranger),                // no mapping
        echo("8.8.8.8", "203.0.113.1", 1, true),                                // not an error
        udp({"8.8.8.8", 53, "203.0.113.1", 5000}),                              // not ICMP
        icmp_error("192.0.2.1", "203.0.113.1", 11, 0, stranger, 24),            // quote too short
        icmp_error("192.0.2.1", "203.0.113.1", 11, 0, stranger).substr(0, 30),  // cut short
    };
    bad_quote[28] = 0x4f;  // quoted header length 60: beyond the quote
    packets.push_back(bad_quote);
    for (const auto& s : packets) b.get<TestInject>("errs")->send_ip(s);
    b.get<TestInject>("errs")->send(packets[0]);  // no network header annotation
    EXPECT_EQ(b.get<TestCollect>("fixed")->data().size(), 0u);
    auto other = b.get<TestCollect>("other")->data();
    ASSERT_EQ(other.size(), packets.size() + 1);
    for (size_t i = 0; i < packets.size(); ++i) EXPECT_EQ(hex(other[i]), hex(packets[i])) << i;
}

TEST(ICMPRewriter, OneOutputDropsWhatItCannotRewrite) {
    auto b = build(
        "Idle -> rw :: IPRewriter(drop) -> Discard; errs :: TestInject -> ICMPRewriter(rw, DST_ANNO false) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("errs")->send_ip(echo("8.8.8.8", "203.0.113.1", 1, true));
    EXPECT_EQ(b.get<TestCollect>("out")->data().size(), 0u);
}

TEST(ICMPRewriter, BadArguments) {
    std::string c = "Idle -> x :: Counter -> Discard; TestInject -> i :: ICMPRewriter(x nosuch) -> Discard;";
    const std::string at = "test.click:1:" + col(c, "x nosuch") + ": i :: ICMPRewriter: MAPS: ";
    EXPECT_EQ(errors_of(c), at + "'x' is not a rewriter (Counter)\n" + at + "no element named 'nosuch'\n");
    c = "TestInject -> i :: ICMPRewriter() -> Discard;";
    EXPECT_NE(errors_of(c).find("MAPS"), std::string::npos) << errors_of(c);
    c = "Idle -> rw :: IPRewriter(drop) -> Discard; TestInject -> i :: ICMPRewriter(rw, DST_ANNO perhaps) -> Discard;";
    EXPECT_NE(errors_of(c).find("test.click:1:" + col(c, "DST_ANNO") + ": i :: ICMPRewriter: DST_ANNO"),
              std::string::npos)
        << errors_of(c);
}
