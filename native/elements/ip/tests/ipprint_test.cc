// IPPrint: each expected line is written by hand from the documented tcpdump-like format
// (addresses and ports, TCP flags and sequence ranges, ICMP names, fragments, truncation,
// keyword fields, contents dumps), then the printing paths (stderr, OUTFILE, ACTIVE).
#include "ip/ipprint.hh"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

// The line IPPrint(ARGS) prints for `bytes` with its IP header at `ip_offset`.
class Printer {
  public:
    explicit Printer(const std::string& args = "TIMESTAMP false") {
        b_ = build("in :: TestInject -> p :: IPPrint(" + args + ") -> Discard;");
        if (!b_.router) ADD_FAILURE() << b_.errors;
    }
    std::string line(const std::string& bytes, int ip_offset = 0) {
        if (!b_.router) return "";
        Packet* p = TestInject::make(bytes);
        mark(p, ip_offset);
        std::string s = b_.get<IPPrint>("p")->line(p);
        p->kill();
        return s;
    }
    std::string line(Packet* p) {
        std::string s = b_.get<IPPrint>("p")->line(p);
        p->kill();
        return s;
    }
    // As TestInject::send_ip marks: the header's IHL, or 20 if it does not fit.
    static void mark(Packet* p, int ip_offset) {
        const uint8_t* ip = p->data() + ip_offset;
        uint32_t hl = size_t(ip_offset) < p->length() ? uint32_t(ip[0] & 15) * 4 : 20;
        if (hl < 20 || ip_offset + hl > p->length()) hl = 20;
        p->set_network_header(ip, hl);
    }

  private:
    Built b_;
};

std::string tcp(unsigned flags, uint32_t seq, uint32_t ack, unsigned win, const std::string& data = "") {
    IP f = proto(6);
    return ip_packet(f, tcp_segment(f, 1234, 80, seq, ack, flags, win, data));
}

std::string icmp(unsigned type, unsigned code, const std::string& rest4, const std::string& data) {
    IP f = proto(1);
    return ip_packet(f, icmp_message(type, code, rest4, data));
}

// The start of a datagram an ICMP error quotes: an IP header (to 10.0.0.2) and 8 bytes.
std::string quoted(unsigned proto_number, unsigned dport = 53) {
    IP f = proto(proto_number);
    return ip_header(f, 8) + be16(5000) + be16(dport) + be16(8) + be16(0);
}

const std::string zero4(4, '\0');

}  // namespace

TEST(IPPrint, TCPLines) {
    Printer p;
    EXPECT_EQ(p.line(tcp_packet()), "10.0.0.1.1234 > 10.0.0.2.80: S 1000:1001(1,40,40) win 8192");
    EXPECT_EQ(p.line(tcp(0x18, 5000, 777, 100, "abcd")),
              "10.0.0.1.1234 > 10.0.0.2.80: P 5000:5004(4,44,44) ack 777 win 100");
    EXPECT_EQ(p.line(tcp(0x11, 9, 10, 5)), "10.0.0.1.1234 > 10.0.0.2.80: F 9:10(1,40,40) ack 10 win 5");
    EXPECT_EQ(p.line(tcp(0x04, 0, 0, 0)), "10.0.0.1.1234 > 10.0.0.2.80: R 0:0(0,40,40) win 0");
    EXPECT_EQ(p.line(tcp(0x0f, 1, 0, 3)), "10.0.0.1.1234 > 10.0.0.2.80: SFRP 1:3(2,40,40) win 3");
    // Only ACK: '.'; the end of the sequence range wraps around 2^32.
    EXPECT_EQ(p.line(tcp(0x10, 4294967295u, 1, 9, "xy")),
              "10.0.0.1.1234 > 10.0.0.2.80: . 4294967295:1(2,42,42) ack 1 win 9");
    // Behind an Ethernet header: the packet length counts the link header too.
    EXPECT_EQ(p.line(std::string(14, 'E') + tcp_packet(), 14),
              "10.0.0.1.1234 > 10.0.0.2.80: S 1000:1001(1,54,40) win 8192");
}

TEST(IPPrint, UDPAndOtherProtocols) {
    Printer p;
    EXPECT_EQ(p.line(udp_packet()), "10.0.0.1.5000 > 10.0.0.2.53: udp 13");
    IP gre = proto(47);
    EXPECT_EQ(p.line(ip_packet(gre, "gre?")), "10.0.0.1 > 10.0.0.2: ip-proto-47");
}

TEST(IPPrint, ICMPLines) {
    Printer p;
    EXPECT_EQ(p.line(icmp_echo_packet()), "10.0.0.1 > 10.0.0.2: icmp echo (4660, 1)");
    EXPECT_EQ(p.line(icmp(0, 0, be16(7) + be16(8), "")), "10.0.0.1 > 10.0.0.2: icmp echo-reply (7, 8)");
    EXPECT_EQ(p.line(icmp(3, 3, zero4, quoted(17))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable port udp/53");
    EXPECT_EQ(p.line(icmp(3, 3, zero4, quoted(99))),
              "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable port protocol 99/53");
    EXPECT_EQ(p.line(icmp(3, 2, zero4, quoted(99))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable protocol 99");
    EXPECT_EQ(p.line(icmp(3, 2, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable protocol tcp");
    EXPECT_EQ(p.line(icmp(3, 4, be16(0) + be16(1500), quoted(6))),
              "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable needfrag (mtu 1500)");
    EXPECT_EQ(p.line(icmp(3, 4, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable needfrag");
    EXPECT_EQ(p.line(icmp(3, 20, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable code 20");
    EXPECT_EQ(p.line(icmp(3, 13, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable filterprohibited");
    EXPECT_EQ(p.line(icmp(3, 1, zero4, "0123456789")), "10.0.0.1 > 10.0.0.2: icmp unreachable host truncated-icmp");
    EXPECT_EQ(p.line(icmp(3, 3, zero4, quoted(17).substr(0, 22))),
              "10.0.0.1 > 10.0.0.2: icmp 10.0.0.2 unreachable port udp truncated-icmp");
    EXPECT_EQ(p.line(icmp(11, 0, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp timeexceeded transit");
    EXPECT_EQ(p.line(icmp(11, 1, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp timeexceeded reassembly");
    EXPECT_EQ(p.line(icmp(5, 1, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp redirect host");
    EXPECT_EQ(p.line(icmp(12, 0, zero4, quoted(6))), "10.0.0.1 > 10.0.0.2: icmp parameterproblem erroratptr");
    EXPECT_EQ(p.line(icmp(13, 0, zero4, std::string(12, '\0'))), "10.0.0.1 > 10.0.0.2: icmp timestamp");
    EXPECT_EQ(p.line(icmp(10, 0, zero4, "")), "10.0.0.1 > 10.0.0.2: icmp routersolicit");
    EXPECT_EQ(p.line(icmp(17, 5, zero4, "")), "10.0.0.1 > 10.0.0.2: icmp maskreq code 5");
    EXPECT_EQ(p.line(icmp(42, 3, zero4, "")), "10.0.0.1 > 10.0.0.2: icmp type 42 code 3");
    EXPECT_EQ(p.line(icmp(42, 0, zero4, "")), "10.0.0.1 > 10.0.0.2: icmp type 42");
    Printer swapped("TIMESTAMP false, SWAP true");
    EXPECT_EQ(swapped.line(icmp_echo_packet()), "10.0.0.1 > 10.0.0.2: icmp echo (13330, 256)");
}

TEST(IPPrint, Fragments) {
    Printer p;
    IP first = proto(17), later = proto(17), tcpfrag = proto(6), icmpfrag = proto(1), df = proto(17);
    first.id = later.id = tcpfrag.id = icmpfrag.id = 7;
    first.off = 0x2000;        // MF, offset 0
    later.off = 185;           // offset 1480, last fragment
    tcpfrag.off = 0x2000 | 1;  // MF, offset 8
    icmpfrag.off = 1;
    df.off = 0x4000;  // Don't Fragment: not a fragment
    EXPECT_EQ(p.line(ip_packet(first, udp_datagram(first, 5000, 53, "hello"))),
              "10.0.0.1.5000 > 10.0.0.2.53: udp 13 (frag 7:13@0+)");
    EXPECT_EQ(p.line(ip_packet(later, "thirteen byte")), "10.0.0.1 > 10.0.0.2: udp (frag 7:13@1480)");
    EXPECT_EQ(p.line(ip_packet(tcpfrag, "abcdefgh")), "10.0.0.1 > 10.0.0.2: tcp (frag 7:8@8+)");
    EXPECT_EQ(p.line(ip_packet(icmpfrag, "abcdefgh")), "10.0.0.1 > 10.0.0.2: icmp (frag 7:8@8)");
    EXPECT_EQ(p.line(ip_packet(df, udp_datagram(df, 5000, 53, "hello"))), "10.0.0.1.5000 > 10.0.0.2.53: udp 13");
}

TEST(IPPrint, TruncatedHeaders) {
    Printer p;
    EXPECT_EQ(p.line(udp_packet().substr(0, 19)), "truncated-ip");
    EXPECT_EQ(p.line(""), "truncated-ip");
    EXPECT_EQ(p.line(tcp_packet().substr(0, 23)), "10.0.0.1 > 10.0.0.2: truncated-tcp");
    EXPECT_EQ(p.line(tcp_packet().substr(0, 30)), "10.0.0.1.1234 > 10.0.0.2.80: truncated-tcp");
    EXPECT_EQ(p.line(tcp_packet().substr(0, 35)), "10.0.0.1.1234 > 10.0.0.2.80: S 1000:1001(1,35,40) truncated-tcp");
    IP short_len = proto(6);
    short_len.length = 24;  // the IP length leaves 4 bytes of TCP; the rest is padding
    EXPECT_EQ(p.line(ip_packet(short_len, tcp_segment(short_len, 1234, 80, 1, 1, 2, 3))),
              "10.0.0.1.1234 > 10.0.0.2.80: truncated-tcp");
    EXPECT_EQ(p.line(udp_packet().substr(0, 26)), "10.0.0.1.5000 > 10.0.0.2.53: truncated-udp");
    EXPECT_EQ(p.line(udp_packet().substr(0, 22)), "10.0.0.1 > 10.0.0.2: truncated-udp");
    EXPECT_EQ(p.line(icmp_echo_packet().substr(0, 21)), "10.0.0.1 > 10.0.0.2: truncated-icmp");
    EXPECT_EQ(p.line(icmp_echo_packet().substr(0, 25)), "10.0.0.1 > 10.0.0.2: icmp echo truncated-icmp");
    // A transport header annotation outside the data (after StripIPHeader-like edits).
    Packet* q = TestInject::make(udp_packet());
    q->set_network_header(q->data(), 20);
    q->set_transport_header(q->data() + 200);
    EXPECT_EQ(p.line(q), "10.0.0.1 > 10.0.0.2: truncated-udp");
}

TEST(IPPrint, FieldKeywordsAndAnnotations) {
    IP f = proto(17);
    f.id = 7;
    f.ttl = 9;
    f.tos = 16;
    std::string pkt = ip_packet(f, udp_datagram(f, 5000, 53, "hello"));
    Printer all("lbl, ID true, TTL true, TOS true, LENGTH true, TIMESTAMP false");
    EXPECT_EQ(all.line(pkt), "lbl: id 7 ttl 9 tos 16 length 33 10.0.0.1.5000 > 10.0.0.2.53: udp 13");

    auto annotated = [&] {
        Packet* p = TestInject::make(pkt);
        Printer::mark(p, 0);
        p->set_timestamp_anno(Timestamp{1234567890123456789});
        uint32_t agg = 77;
        std::memcpy(p->anno() + anno::aggregate, &agg, 4);
        p->set_paint_anno(3);
        return p;
    };
    Printer stamped("");  // TIMESTAMP defaults to true
    EXPECT_EQ(stamped.line(annotated()), "1234567890.123456: 10.0.0.1.5000 > 10.0.0.2.53: udp 13");
    Printer both("x, TIMESTAMP false, AGGREGATE true, PAINT true");
    EXPECT_EQ(both.line(annotated()), "x: #77.3: 10.0.0.1.5000 > 10.0.0.2.53: udp 13");
    Printer paint("PAINT true, TIMESTAMP false");
    EXPECT_EQ(paint.line(annotated()), "paint 3: 10.0.0.1.5000 > 10.0.0.2.53: udp 13");
    Printer agg("AGGREGATE true, TIMESTAMP false");
    EXPECT_EQ(agg.line(annotated()), "#77: 10.0.0.1.5000 > 10.0.0.2.53: udp 13");
}

TEST(IPPrint, ContentsAndPayload) {
    const std::string udp_line = "10.0.0.1.5000 > 10.0.0.2.53: udp 13";
    EXPECT_EQ(Printer("TIMESTAMP false, CONTENTS HEX").line(udp_packet()),
              udp_line + "\n  45000021 00000000 401166ca 0a000001 0a000002 13880035\n  000d9442 68656c6c 6f");
    EXPECT_EQ(Printer("TIMESTAMP false, CONTENTS true, MAXLENGTH 6").line(udp_packet()),
              udp_line + "\n  45000021 0000");
    EXPECT_EQ(Printer("TIMESTAMP false, CONTENTS hex, MAXLENGTH -1").line(udp_packet()),
              udp_line + "\n  45000021 00000000 401166ca 0a000001 0a000002 13880035\n  000d9442 68656c6c 6f");
    EXPECT_EQ(Printer("TIMESTAMP false, CONTENTS HEX, MAXLENGTH 0").line(udp_packet()), udp_line);
    EXPECT_EQ(Printer("TIMESTAMP false, CONTENTS ASCII").line(udp_packet()),
              udp_line + "\n  E..!.... @.f..... .......5 ...Bhell o");
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD ASCII").line(udp_packet()), udp_line + "\n  hello");
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD ASCII").line(tcp(0x18, 1, 1, 1, "GET / HTTP/1.0\r\n")),
              "10.0.0.1.1234 > 10.0.0.2.80: P 1:17(16,56,56) ack 1 win 1\n  GET / HT TP/1.0..");
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD HEX").line(icmp_echo_packet()),
              "10.0.0.1 > 10.0.0.2: icmp echo (4660, 1)\n  08002e37 12340001 70696e67 64617461");
    std::string fifty = "abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghxy";
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD ASCII").line(udp_packet(fifty)),
              "10.0.0.1.5000 > 10.0.0.2.53: udp 58\n  abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh abcdefgh\n  xy");
    // A later fragment's payload starts right after the IP header.
    IP later = proto(6);
    later.off = 1;
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD ASCII").line(ip_packet(later, "fragment")),
              "10.0.0.1 > 10.0.0.2: tcp (frag 0:8@8)\n  fragment");
    // Payload past the end of a truncated segment: nothing to print.
    EXPECT_EQ(Printer("TIMESTAMP false, PAYLOAD HEX").line(tcp_packet().substr(0, 30)),
              "10.0.0.1.1234 > 10.0.0.2.80: truncated-tcp");
}

TEST(IPPrint, PrintsOnStderrAndPassesPackets) {
    auto b = build("in :: TestInject -> p :: IPPrint(hi, TIMESTAMP false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.get<TestInject>("in")->send_ip(udp_packet());
    b.get<TestInject>("in")->send("unmarked");  // no network header: no line
    b.get<TestInject>("in")->send_batch({});
    std::string printed = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(printed, "hi: 10.0.0.1.5000 > 10.0.0.2.53: udp 13\n");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{udp_packet(), "unmarked"}));
}

TEST(IPPrint, ActiveHandler) {
    auto b = build("in :: TestInject -> p :: IPPrint(TIMESTAMP false, ACTIVE false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("p.active"), "false\n");
    ::testing::internal::CaptureStderr();
    b.get<TestInject>("in")->send_ip(udp_packet());
    EXPECT_EQ(b.write("p.active", "yes"), "");
    EXPECT_EQ(b.write("p.active", "perhaps"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("p.active"), "true\n");
    b.get<TestInject>("in")->send_ip(icmp_echo_packet());
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "10.0.0.1 > 10.0.0.2: icmp echo (4660, 1)\n");
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 2u);
}

TEST(IPPrint, Outfile) {
    std::string path = ::testing::TempDir() + "ipprint_outfile_test.txt";
    {
        auto b = build("in :: TestInject -> p :: IPPrint(o, TIMESTAMP false, OUTFILE " + path + ") -> Discard;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send_ip(udp_packet());
        b.get<TestInject>("in")->send_ip(tcp_packet());
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(),
              "o: 10.0.0.1.5000 > 10.0.0.2.53: udp 13\n"
              "o: 10.0.0.1.1234 > 10.0.0.2.80: S 1000:1001(1,40,40) win 8192\n");
    std::remove(path.c_str());
}

TEST(IPPrint, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> p :: IPPrint(CONTENTS foo) -> Discard;"),
              "test.click:1:28: p :: IPPrint: CONTENTS: expected NONE, HEX or ASCII\n");
    EXPECT_EQ(errors_of("TestInject -> p :: IPPrint(MAXLENGTH x) -> Discard;"),
              "test.click:1:28: p :: IPPrint: MAXLENGTH: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> p :: IPPrint(CONTENTS HEX, PAYLOAD ASCII) -> Discard;"),
              "test.click:1:15: p :: IPPrint: give at most one of CONTENTS and PAYLOAD\n");
    EXPECT_EQ(errors_of("TestInject -> p :: IPPrint(a, b) -> Discard;"),
              "test.click:1:31: p :: IPPrint: too many arguments: 'b' is not expected here\n");
    EXPECT_EQ(errors_of("TestInject -> p :: IPPrint(OUTFILE /nonexistent/dir/x) -> Discard;"),
              "test.click:1:15: p :: IPPrint: /nonexistent/dir/x: No such file or directory\n");
}
