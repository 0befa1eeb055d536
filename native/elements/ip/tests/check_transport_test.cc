// CheckTCPHeader, CheckUDPHeader and CheckICMPHeader: good packets pass, and each kind of
// malformed packet (not the protocol, lengths that do not fit, wrong checksums including
// the pseudo-header) goes to output 1 with its reason counted. Packets are marked with
// TestInject::send_ip, so lengths CheckIPHeader would reject still reach the checkers.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

struct Outcome {
    std::string verdicts;  // '+' for output 0, '-' for output 1, per packet
    std::string drops, details;
};

// Sends each packet through `element` (marked by send_ip unless it is in `unmarked`).
Outcome run(const std::string& element, const std::vector<std::string>& packets,
            const std::vector<bool>& unmarked = {}) {
    auto b = build("in :: TestInject -> c :: " + element + " -> out :: TestCollect; c[1] -> bad :: TestCollect;");
    Outcome r;
    if (!b.router) {
        r.verdicts = b.errors;
        return r;
    }
    for (size_t i = 0; i < packets.size(); ++i) {
        size_t before = b.get<TestCollect>("out")->packets.size();
        if (i < unmarked.size() && unmarked[i])
            b.get<TestInject>("in")->send(packets[i]);
        else
            b.get<TestInject>("in")->send_ip(packets[i]);
        r.verdicts += b.get<TestCollect>("out")->packets.size() > before ? '+' : '-';
    }
    r.drops = b.read("c.drops");
    r.details = b.read("c.drop_details");
    return r;
}

std::string with_byte(std::string s, size_t i, unsigned value) {
    s[i] = char(value);
    return s;
}

// The packet with a different IP destination and a correct IP checksum: only the
// transport checksum (through its pseudo-header) notices.
std::string redirected(const std::string& pkt) {
    IP f;
    f.proto = uint8_t(pkt[9]);
    f.dst = "10.9.9.9";
    return ip_packet(f, pkt.substr(20));
}

}  // namespace

TEST(CheckTCPHeader, GoodSegmentsPass) {
    IP f = proto(6);
    std::string with_options = ip_packet(f, tcp_segment(f, 1, 2, 3, 4, 0x18, 100, "data", unhex("020405b4")));
    Outcome r = run("CheckTCPHeader(DETAILS true)",
                    {tcp_packet(), tcp_packet("GET / HTTP/1.0\r\n"), tcp_packet("odd"), with_options});
    EXPECT_EQ(r.verdicts, "++++");
    EXPECT_EQ(r.drops, "0\n");
}

TEST(CheckTCPHeader, MalformedSegmentsGoToOutput1) {
    std::string good = tcp_packet("abcd");  // 20 IP + 20 TCP + 4 data
    IP short_seg = proto(6), ip_len_small = proto(6);
    short_seg.length = 30;     // a 10-byte segment
    ip_len_small.length = 16;  // less than the IP header
    std::vector<std::string> packets = {
        udp_packet(),                               // not TCP
        good,                                       // not TCP: no network header annotation
        good.substr(0, 12),                         // IP header cut short
        ip_packet(short_seg, good.substr(20, 10)),  // segment below 20 bytes
        with_byte(good, 32, 0x40),                  // data offset 16 bytes
        with_byte(good, 32, 0xf0),                  // data offset 60 bytes in a 24-byte segment
        good.substr(0, 43),                         // IP length beyond the packet
        ip_packet(ip_len_small, good.substr(20)),   // IP length below the header length
        with_byte(good, 43, 'e'),                   // data changed: checksum wrong
        redirected(good),                           // pseudo-header changed: checksum wrong
        good,
    };
    Outcome r = run("CheckTCPHeader(DETAILS true)", packets, {false, true});
    EXPECT_EQ(r.verdicts, "----------+");
    EXPECT_EQ(r.drops, "10\n");
    EXPECT_EQ(r.details, "2\tnot TCP\n6\tbad packet length\n2\tbad TCP checksum\n");
}

TEST(CheckTCPHeader, HandlersAndArguments) {
    Outcome r = run("CheckTCPHeader", {"junk"}, {true});
    EXPECT_EQ(r.verdicts, "-");
    EXPECT_EQ(r.drops, "1\n");
    EXPECT_EQ(r.details, "ERROR: element 'c' has no handler 'drop_details'");
    auto b = build("in :: TestInject -> c :: CheckTCPHeader -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("c.drops", "5"), "handler 'c.drops' is not writable");
    EXPECT_EQ(b.read("c.drops"), "0\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckTCPHeader(3) -> Discard;"),
              "test.click:1:35: c :: CheckTCPHeader: too many arguments: '3' is not expected here\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckTCPHeader(DETAILS maybe) -> Discard;"),
              "test.click:1:35: c :: CheckTCPHeader: DETAILS: expected boolean (true/false)\n");
}

TEST(CheckUDPHeader, GoodDatagramsPass) {
    IP f = proto(17);
    std::string no_checksum = ip_packet(f, udp_datagram(f, 7, 7, "unchecked", false));
    // A UDP length shorter than the IP payload: the checksum covers the UDP length only.
    IP g = proto(17);
    g.length = 20 + 11 + 2;
    std::string trailing = ip_packet(g, udp_datagram(g, 7, 7, "abc") + "zz");
    // A datagram whose checksum computes to 0 is sent as ffff (RFC 768).
    std::string all_ones;
    for (unsigned v = 0; v < 65536 && all_ones.empty(); ++v) {
        std::string u = udp_datagram(f, 1, 2, be16(v), false);
        if (cksum(pseudo(f.src, f.dst, 17, 10) + u) == 0) all_ones = ip_packet(f, udp_datagram(f, 1, 2, be16(v)));
    }
    ASSERT_FALSE(all_ones.empty());
    EXPECT_EQ(hex(all_ones.substr(26, 2)), "ffff");
    Outcome r =
        run("CheckUDPHeader", {udp_packet(), udp_packet("odd"), udp_packet(""), no_checksum, trailing, all_ones});
    EXPECT_EQ(r.verdicts, "++++++");
}

TEST(CheckUDPHeader, MalformedDatagramsGoToOutput1) {
    std::string good = udp_packet("abcd");  // 20 IP + 8 UDP + 4 data
    std::vector<std::string> packets = {
        tcp_packet(),              // not UDP
        good,                      // not UDP: no network header annotation
        good.substr(0, 15),        // IP header cut short
        good.substr(0, 24),        // UDP header cut short
        with_byte(good, 25, 7),    // UDP length 7
        with_byte(good, 25, 13),   // UDP length 13 > 12 bytes present
        with_byte(good, 31, 'e'),  // data changed: checksum wrong
        redirected(good),          // pseudo-header changed: checksum wrong
        good,
    };
    Outcome r = run("CheckUDPHeader(DETAILS true)", packets, {false, true});
    EXPECT_EQ(r.verdicts, "--------+");
    EXPECT_EQ(r.details, "2\tnot UDP\n4\tbad packet length\n2\tbad UDP checksum\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckUDPHeader(VERBOSE) -> Discard;"),
              "test.click:1:35: c :: CheckUDPHeader: VERBOSE: expected boolean (true/false)\n");
}

TEST(CheckUDPHeader, DropsWithoutOutput1AndHandlers) {
    auto b = build("in :: TestInject -> c :: CheckUDPHeader -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(udp_packet().substr(0, 22));
    b.get<TestInject>("in")->send_ip(udp_packet());
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{udp_packet()});
    EXPECT_EQ(b.read("c.drops"), "1\n");
    EXPECT_EQ(b.write("c.drops", "0"), "handler 'c.drops' is not writable");
}

namespace {
std::string icmp(unsigned type, unsigned code, const std::string& rest4, const std::string& data) {
    IP f = proto(1);
    return ip_packet(f, icmp_message(type, code, rest4, data));
}
}  // namespace

TEST(CheckICMPHeader, LengthsPerTypeAndChecksum) {
    std::string quoted = udp_packet("12345678").substr(0, 28);  // offending IP header + 8 bytes
    std::string zero4(4, '\0');
    std::vector<std::string> packets = {
        icmp_echo_packet(),                                    // +
        icmp(0, 0, be16(1) + be16(2), "odd"),                  // + echo reply, odd length
        icmp(3, 3, zero4, quoted),                             // + unreachable, 36 bytes
        icmp(11, 0, zero4, quoted.substr(0, 27)),              // - time exceeded, 35 bytes
        icmp(4, 0, zero4, quoted.substr(0, 20)),               // - source quench too short
        icmp(5, 1, addr("10.0.0.254"), quoted),                // + redirect
        icmp(12, 0, zero4, ""),                                // - parameter problem without the datagram
        icmp(13, 0, be16(1) + be16(1), std::string(12, 'T')),  // + timestamp, 20 bytes
        icmp(14, 0, be16(1) + be16(1), std::string(16, 'T')),  // - timestamp reply, 24 bytes
        icmp(15, 0, be16(1) + be16(1), ""),                    // + information request, 8 bytes
        icmp(16, 0, be16(1) + be16(1), "more"),                // - information reply, 12 bytes
        icmp(8, 0, be16(1) + be16(2), "").substr(0, 27),       // - 7 bytes of ICMP
        udp_packet(),                                          // - not ICMP
        icmp_echo_packet() + "x",                              // - checksum covers the trailing byte
        with_byte(icmp_echo_packet(), 30, 'P'),                // - data changed
    };
    Outcome r = run("CheckICMPHeader(DETAILS true)", packets);
    EXPECT_EQ(r.verdicts,
              "+++--+-+-+----"
              "-");
    EXPECT_EQ(r.details, "1\tnot ICMP\n6\tbad packet length\n2\tbad ICMP checksum\n");
}

TEST(CheckICMPHeader, UnmarkedPacketsAndArguments) {
    Outcome r = run("CheckICMPHeader", {icmp_echo_packet(), "", "\x45"}, {true, false, false});
    EXPECT_EQ(r.verdicts, "---");
    EXPECT_EQ(r.drops, "3\n");
    EXPECT_EQ(errors_of("TestInject -> c :: CheckICMPHeader(DETAILS 2) -> Discard;"),
              "test.click:1:36: c :: CheckICMPHeader: DETAILS: expected boolean (true/false)\n");
}

TEST(CheckICMPHeader, PrintsFirstFailure) {
    auto b = build("in :: TestInject -> c :: CheckICMPHeader -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.get<TestInject>("in")->send_ip(udp_packet());
    b.get<TestInject>("in")->send_ip(udp_packet());
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "c :: CheckICMPHeader: ICMP header check failed: not ICMP\n");
}
