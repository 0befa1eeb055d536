// FTPPortMapper with TCPRewriter: the PORT command, the data mapping and the sequence number
// shifts follow the element's documentation (Click's example); packets are built by hand with
// checksums computed from scratch.
#include "nat/ftpportmapper.hh"

#include <gtest/gtest.h>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

// A TCP segment with the given sequence and acknowledgement numbers, checksum from scratch.
std::string segment(const Flow4& f, uint8_t flags, const std::string& payload, uint32_t seq, uint32_t ack) {
    std::string p = tcp(f, flags, payload);
    put32(p, 24, seq);
    put32(p, 28, ack);
    put16(p, 36, 0);
    std::string pseudo(12, '\0');
    put32(pseudo, 0, addr(f.saddr));
    put32(pseudo, 4, addr(f.daddr));
    pseudo[9] = 6;
    put16(pseudo, 10, uint32_t(p.size() - 20));
    put16(p, 36, full_checksum(pseudo + p.substr(20)));
    return p;
}

const char* ftp_config =
    "IPRewriterPatterns(FTPDATA 1.0.0.1 9000-14000# - -);"
    "in :: TestInject -> ftp :: FTPPortMapper(crw, crw, FTPDATA 0 1)"
    "  -> crw :: TCPRewriter(pattern 1.0.0.1 5000-5999# - - 0 1, drop);"
    "back :: TestInject -> [1]crw; crw[0] -> out0 :: TestCollect; crw[1] -> out1 :: TestCollect;";

const Flow4 client{"1.0.0.2", 6587, "2.0.0.2", 21};
const Flow4 client_out{"1.0.0.1", 5000, "2.0.0.2", 21};

}  // namespace

TEST(FTPPortMapper, PortCommandDataMappingAndSequenceShift) {
    auto b = build(ftp_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    auto* back = b.get<TestInject>("back");
    in->send_ip(segment(client, 0x02, "", 999, 0));
    // 18 bytes become 20: "PORT 1,0,0,2,3,9" (1.0.0.2:777) -> "PORT 1,0,0,1,35,40" (1.0.0.1:9000).
    in->send_ip(segment(client, 0x18, "PORT 1,0,0,2,3,9\r\n", 1000, 5000));
    in->send_ip(segment(client, 0x18, "LIST\r\n", 1018, 5000));
    in->send_ip(segment(client, 0x18, "NOOP\r\n", 1000, 5000));  // an old sequence number keeps the old shift
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 4u);
    EXPECT_EQ(hex(fwd[0]), hex(segment(client_out, 0x02, "", 999, 0)));
    EXPECT_EQ(hex(fwd[1]), hex(segment(client_out, 0x18, "PORT 1,0,0,1,35,40\r\n", 1000, 5000)));
    EXPECT_EQ(hex(fwd[2]), hex(segment(client_out, 0x18, "LIST\r\n", 1020, 5000)));
    EXPECT_EQ(hex(fwd[3]), hex(segment(client_out, 0x18, "NOOP\r\n", 1000, 5000)));
    EXPECT_EQ(b.read("ftp.mapped"), "1\n");

    // The server acknowledges the longer stream; the client sees its own numbering.
    back->send_ip(segment(client_out.reversed(), 0x10, "", 5000, 1020));
    back->send_ip(segment(client_out.reversed(), 0x10, "", 5000, 1000));
    // The data connection from the server's port 20 reaches the client's PORT address.
    back->send_ip(segment({"2.0.0.2", 20, "1.0.0.1", 9000}, 0x02, "", 7000, 0));
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 3u);
    EXPECT_EQ(hex(rev[0]), hex(segment(client.reversed(), 0x10, "", 5000, 1018)));
    EXPECT_EQ(hex(rev[1]), hex(segment(client.reversed(), 0x10, "", 5000, 1000)));
    EXPECT_EQ(hex(rev[2]), hex(segment({"2.0.0.2", 20, "1.0.0.2", 777}, 0x02, "", 7000, 0)));
    EXPECT_NE(b.read("crw.table").find("(1.0.0.2, 777, 2.0.0.2, 20) => (1.0.0.1, 9000, 2.0.0.2, 20) [*0 1] i0"),
              std::string::npos)
        << b.read("crw.table");
}

TEST(FTPPortMapper, SecondPortCommandAddsToTheShift) {
    auto b = build(ftp_config);
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    auto* back = b.get<TestInject>("back");
    in->send_ip(segment(client, 0x02, "", 999, 0));
    in->send_ip(segment(client, 0x18, "PORT 1,0,0,2,3,9\r\n", 1000, 5000));   // 18 -> 20 bytes: +2 after 1000
    in->send_ip(segment(client, 0x18, "PORT 1,0,0,2,3,10\r\n", 1018, 5000));  // 19 -> 20 bytes: +3 after 1018
    in->send_ip(segment(client, 0x18, "QUIT\r\n", 1037, 5000));
    in->send_ip(segment(client, 0x18, "PORT 1,0,0,2,3,10\r\n", 1018, 5000));  // retransmitted: keeps +2
    auto fwd = b.get<TestCollect>("out0")->data();
    ASSERT_EQ(fwd.size(), 5u);
    EXPECT_EQ(hex(fwd[1]), hex(segment(client_out, 0x18, "PORT 1,0,0,1,35,40\r\n", 1000, 5000)));
    EXPECT_EQ(hex(fwd[2]), hex(segment(client_out, 0x18, "PORT 1,0,0,1,35,41\r\n", 1020, 5000)));
    EXPECT_EQ(hex(fwd[3]), hex(segment(client_out, 0x18, "QUIT\r\n", 1040, 5000)));
    EXPECT_EQ(hex(fwd[4]), hex(segment(client_out, 0x18, "PORT 1,0,0,1,35,41\r\n", 1020, 5000)));
    // Acknowledgements: 1040 ends the second command (original 1037), 1020 is its start (1018).
    back->send_ip(segment(client_out.reversed(), 0x10, "", 5000, 1040));
    back->send_ip(segment(client_out.reversed(), 0x10, "", 5000, 1020));
    back->send_ip(segment(client_out.reversed(), 0x02, "", 5000, 1040));  // no ACK flag: left alone
    auto rev = b.get<TestCollect>("out1")->data();
    ASSERT_EQ(rev.size(), 3u);
    EXPECT_EQ(hex(rev[0]), hex(segment(client.reversed(), 0x10, "", 5000, 1037)));
    EXPECT_EQ(hex(rev[1]), hex(segment(client.reversed(), 0x10, "", 5000, 1018)));
    EXPECT_EQ(hex(rev[2]), hex(segment(client.reversed(), 0x02, "", 5000, 1040)));
    EXPECT_EQ(b.read("ftp.mapped"), "3\n");  // the retransmission was rewritten too
}

TEST(FTPPortMapper, ShorterCommandAndOtherPackets) {
    auto b = build(
        "Idle -> crw :: TCPRewriter(drop) -> Discard;"
        "in :: TestInject -> ftp :: FTPPortMapper(crw, crw, 9.9.9.9 2000-2000 - - 0 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    // 101.102.103.104:65535 -> 9.9.9.9:2000, and a second command after the first is kept.
    in->send_ip(segment(client, 0x18, "port  101,102,103,104,255,255\r\nNOOP\r\n", 1, 1));
    std::vector<std::string> unchanged = {
        segment(client, 0x18, "PORT 1,0,0,2,3\r\n", 1, 1),      // five numbers
        segment(client, 0x18, "PORT 1,0,0,2,3,9", 1, 1),        // no line end
        segment(client, 0x18, "PORT 1,0,0,256,3,9\r\n", 1, 1),  // not a byte
        segment(client, 0x18, "USER anonymous\r\n", 1, 1),
        segment(client, 0x18, "PORT 1,0,0,2,3,9\r\n", 1, 1).substr(0, 36),  // TCP header cut short
        udp({"1.0.0.2", 6587, "2.0.0.2", 21}, "PORT 1,0,0,2,3,9\r\n"),
    };
    for (const auto& s : unchanged) in->send_ip(s);
    auto out = b.get<TestCollect>("out")->data();
    ASSERT_EQ(out.size(), 1 + unchanged.size());
    EXPECT_EQ(hex(out[0]), hex(segment(client, 0x18, "port 9,9,9,9,7,208\r\nNOOP\r\n", 1, 1)));
    for (size_t i = 0; i < unchanged.size(); ++i) EXPECT_EQ(hex(out[i + 1]), hex(unchanged[i])) << i;
    EXPECT_EQ(b.read("ftp.mapped"), "1\n");
    // A second PORT to the same server from another client gets the same single port: as in
    // IPRewriter, its mapping replaces the one whose reply it takes over.
    in->send_ip(segment({"1.0.0.3", 6000, "2.0.0.2", 21}, 0x18, "PORT 1,0,0,3,3,9\r\n", 1, 1));
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().back()),
              hex(segment({"1.0.0.3", 6000, "2.0.0.2", 21}, 0x18, "PORT 9,9,9,9,7,208\r\n", 1, 1)));
    EXPECT_EQ(b.read("ftp.mapped"), "2\n");
    EXPECT_EQ(b.read("crw.table_size"), "1\n");
}

TEST(FTPPortMapper, BadArguments) {
    const std::string rewriters =
        "Idle -> t :: TCPRewriter(drop) -> Discard; Idle -> i :: IPRewriter(drop) -> Discard;"
        "Idle -> a :: IPAddrRewriter(drop) -> Discard;";
    auto errors = [&](const std::string& args) {
        std::string c = rewriters + "TestInject -> f :: FTPPortMapper(" + args + ") -> Discard;";
        return std::make_pair(errors_of(c), c);
    };
    auto [e1, c1] = errors("i, t, 1.0.0.1 - - - 0 0");
    EXPECT_EQ(e1, "test.click:1:" + col(c1, "i, t") +
                      ": f :: FTPPortMapper: CONTROL_REWRITER: 'i' is not a TCPRewriter (IPRewriter)\n");
    auto [e2, c2] = errors("t, a, 1.0.0.1 - - - 0 0");
    EXPECT_EQ(e2, "test.click:1:" + col(c2, "a, 1.0") +
                      ": f :: FTPPortMapper: DATA_REWRITER: 'a' does not rewrite TCP connections (IPAddrRewriter)\n");
    auto [e3, c3] = errors("nosuch, t, 1.0.0.1 - - - 0 0");
    EXPECT_EQ(e3, "test.click:1:" + col(c3, "nosuch") +
                      ": f :: FTPPortMapper: CONTROL_REWRITER: no element named 'nosuch'\n");
    auto [e4, c4] = errors("t, i, 1.0.0.1 - - - 0 4");
    EXPECT_EQ(e4, "test.click:1:" + col(c4, "1.0.0.1 - - - 0 4") +
                      ": f :: FTPPortMapper: PATTERN: output port 4 out of range (1 output)\n");
    auto [e5, c5] = errors("t, i, NOPE 0 0");
    EXPECT_EQ(e5, "test.click:1:" + col(c5, "NOPE") + ": f :: FTPPortMapper: PATTERN: no such pattern 'NOPE'\n");
    auto [e6, c6] = errors("t, i");
    EXPECT_NE(e6.find("PATTERN"), std::string::npos) << e6;
}
