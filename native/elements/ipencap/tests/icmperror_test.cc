// ICMPError: one error message worked out byte by byte (RFC 792 layout, RFC 1071 sums done on
// paper), then the RFC 1812 rules for when no error is sent, the type-specific fields, MTU
// truncation and reversed source routes, with checksums from the test's own sum.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

// A UDP datagram from `src` to `dst` (32 bytes: IP, UDP header, "abcd").
std::string udp_packet(const std::string& src, const std::string& dst, unsigned frag = 0, unsigned proto = 17) {
    return ipv4_header(0, 32, 0x1234, frag, 1, proto, src, dst) + unhex("04570035000c0000") + "abcd";
}

std::string from_host() {
    return udp_packet(addr(10, 0, 0, 5), addr(10, 0, 0, 9));
}

// Checks both checksums of an ICMP error packet with a header of `hl` bytes.
void expect_valid_checksums(const std::string& q, size_t hl = 20) {
    EXPECT_EQ(rfc1071(q.substr(0, hl)), 0u);
    EXPECT_EQ(rfc1071(q.substr(hl)), 0u);
}

}  // namespace

TEST(ICMPError, TimeExceededByHand) {
    auto b = build("in :: TestInject -> ICMPError(192.168.1.1, timeexceeded) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // The offending packet: 4500 0020 1234 0000 0111 [938c] 0a00 0005 0a00 0009, then
    // UDP 0457 0035 000c 0000 and "abcd". Its header sums to 0x6c73, checksum 0x938c.
    std::string orig = unhex(
        "45000020123400000111938c0a0000050a000009"
        "04570035000c0000"
        "61626364");
    ASSERT_EQ(orig, from_host());
    b.get<TestInject>("in")->send_ip(orig);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    // IP: 4500 003c 0001 0000 c801 c0a8 0101 0a00 0005 sums to 0x1d8ec -> 0xd8ed -> ~ = 0x2712.
    // ICMP: 0b00 + the quoted packet (header 0xffff, UDP part 0xc95e) = 0xd45e -> ~ = 0x2ba1.
    EXPECT_EQ(hex(got[0]),
              "4500003c00010000c8012712c0a801010a000005"
              "0b002ba100000000" +
                  hex(orig));
    Packet* q = b.get<TestCollect>("out")->packets[0];
    EXPECT_EQ(q->network_header(), q->data());
    EXPECT_EQ(q->network_header_length(), 20u);
    EXPECT_EQ(q->dst_ip_anno(), htonl(0x0a000005));
    EXPECT_EQ(q->anno()[anno::fix_ip_src], 1);
    EXPECT_GT(q->timestamp_anno().ns, 0);
    // The next error gets the next identification.
    b.get<TestInject>("in")->send_ip(orig);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[1].substr(4, 2)), "0002");
}

TEST(ICMPError, TypeSpecificFields) {
    auto b = build(
        "a :: TestInject -> ICMPError(1.1.1.1, unreachable, needfrag, PMTU 1400) -> oa :: TestCollect;"
        "b :: TestInject -> ICMPError(1.1.1.1, parameterproblem) -> ob :: TestCollect;"
        "c :: TestInject -> ICMPError(1.1.1.1, redirect, host) -> oc :: TestCollect;"
        "d :: TestInject -> ICMPError(1.1.1.1, 3, 3, SET_FIX_ANNO false) -> od :: TestCollect;"
        "e :: TestInject -> ICMPError(1.1.1.1, 12, length) -> oe :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("a")->send_ip(from_host());
    Packet* p = TestInject::make(from_host());
    p->anno()[13] = 20;  // the parameter problem pointer annotation
    b.get<TestInject>("b")->send(p);
    p = TestInject::make(from_host());
    p->set_dst_ip_anno(htonl(0x0a0000fe));
    b.get<TestInject>("c")->send(p);
    b.get<TestInject>("d")->send_ip(from_host());
    p = TestInject::make(from_host());
    p->anno()[13] = 20;  // ignored: code 2 has no pointer
    b.get<TestInject>("e")->send(p);
    struct Case {
        const char* out;
        const char* icmp_head;  // type, code, then the four type-specific bytes
    } cases[] = {{"oa",
                  "0304"
                  "00000578"},
                 {"ob",
                  "0c00"
                  "14000000"},
                 {"oc",
                  "0501"
                  "0a0000fe"},
                 {"od",
                  "0303"
                  "00000000"},
                 {"oe",
                  "0c02"
                  "00000000"}};
    for (const auto& c : cases) {
        auto got = b.get<TestCollect>(c.out)->data();
        ASSERT_EQ(got.size(), 1u) << c.out;
        EXPECT_EQ(hex(got[0].substr(20, 2)) + hex(got[0].substr(24, 4)), c.icmp_head) << c.out;
        EXPECT_EQ(got[0].substr(28), from_host()) << c.out;
        expect_valid_checksums(got[0]);
    }
    EXPECT_EQ(b.get<TestCollect>("od")->packets[0]->anno()[anno::fix_ip_src], 0);
}

TEST(ICMPError, QuotesUpToMTUAndOnlyTheDatagram) {
    auto b = build(
        "a :: TestInject -> ICMPError(1.1.1.1, unreachable, host) -> oa :: TestCollect;"
        "b :: TestInject -> ICMPError(1.1.1.1, unreachable, MTU 100) -> ob :: TestCollect;"
        "c :: TestInject -> ICMPError(1.1.1.1, unreachable) -> oc :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string data;
    for (int i = 0; i < 580; ++i) data += char(i);
    std::string big = ipv4_header(0, 600, 7, 0, 9, 6, addr(10, 0, 0, 5), addr(10, 0, 0, 9)) + data;
    b.get<TestInject>("a")->send_ip(big);
    b.get<TestInject>("b")->send_ip(big);
    // Link padding after the datagram's total length is not quoted.
    b.get<TestInject>("c")->send_ip(from_host() + std::string(14, '\0'));
    std::string a = b.get<TestCollect>("oa")->data()[0];
    ASSERT_EQ(a.size(), 576u);
    EXPECT_EQ(hex(a.substr(2, 2)), "0240");
    EXPECT_EQ(a.substr(28), big.substr(0, 548));
    expect_valid_checksums(a);
    std::string bb = b.get<TestCollect>("ob")->data()[0];
    ASSERT_EQ(bb.size(), 100u);
    EXPECT_EQ(bb.substr(28), big.substr(0, 72));
    expect_valid_checksums(bb);
    std::string c = b.get<TestCollect>("oc")->data()[0];
    EXPECT_EQ(c.substr(28), from_host());
}

TEST(ICMPError, NoErrorsAboutErrorsBroadcastsOrBadSources) {
    auto b = build(
        "in :: TestInject -> ICMPError(1.1.1.1, unreachable, BADADDRS 10.0.0.255 10.255.255.255) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto inject = b.get<TestInject>("in");
    std::string host = addr(10, 0, 0, 5), other = addr(10, 0, 0, 9);
    // Each of these must be freed without an answer.
    std::vector<std::string> silent = {
        // an ICMP error (destination unreachable) and an ICMP packet too short to show its type
        ipv4_header(0, 28, 1, 0, 9, 1, host, other) + unhex("0301000000000000"),
        ipv4_header(0, 20, 1, 0, 9, 1, host, other), udp_packet(host, addr(255, 255, 255, 255)),  // limited broadcast
        udp_packet(host, addr(224, 0, 0, 5)),                                                     // multicast
        udp_packet(host, addr(10, 0, 0, 255)),       // BADADDRS destination
        udp_packet(addr(10, 255, 255, 255), other),  // BADADDRS source
        udp_packet(addr(0, 1, 2, 3), other),         // network 0
        udp_packet(addr(127, 0, 0, 1), other),       // loopback
        udp_packet(addr(230, 1, 1, 1), other),       // multicast source
        udp_packet(addr(240, 0, 0, 1), other),       // class E
        udp_packet(host, other, 0x0001),             // a later fragment
        udp_packet(host, other, 0x2000 | 0x00b9),    // a middle fragment
        // malformed: empty, too short, IPv6, header length 16, header length beyond the data
        "", std::string(19, '\x45'), std::string("\x65") + from_host().substr(1),
        std::string("\x44") + from_host().substr(1), std::string("\x4f") + from_host().substr(1, 30)};
    for (const auto& s : silent) inject->send_ip(s);
    Packet* p = TestInject::make(from_host());
    p->set_packet_type_anno(PacketType::Broadcast);
    inject->send(p);
    p = TestInject::make(from_host());
    p->set_packet_type_anno(PacketType::Multicast);
    inject->send(p);
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    // These do get an answer: an ICMP echo request, a first fragment, a packet to another
    // host, and a packet with no network header annotation (found at the data start).
    inject->send_ip(ipv4_header(0, 28, 1, 0, 9, 1, host, other) + unhex("0800000000000000"));
    inject->send_ip(udp_packet(host, other, 0x2000));
    inject->send_ip(udp_packet(host, addr(10, 0, 1, 255)));
    inject->send(from_host());
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 4u);
}

TEST(ICMPError, Batches) {
    auto b = build("in :: TestInject -> ICMPError(1.1.1.1, unreachable, port) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string bcast = udp_packet(addr(10, 0, 0, 5), addr(255, 255, 255, 255));
    b.get<TestInject>("in")->send_batch({from_host(), bcast, "", from_host()});
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(hex(got[1].substr(4, 2)), "0002");
    EXPECT_EQ(hex(got[1].substr(20, 2)), "0303");
    expect_valid_checksums(got[1]);
}

TEST(ICMPError, ReversesSourceRoute) {
    auto b = build(
        "a :: TestInject -> ICMPError(1.1.1.1, timeexceeded) -> oa :: TestCollect;"
        "b :: TestInject -> ICMPError(1.1.1.1, redirect) -> ob :: TestCollect;"
        "c :: TestInject -> ICMPError(1.1.1.1, parameterproblem) -> oc :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // Header with a loose source route (131, length 11, pointer 12: two hops travelled,
    // 2.2.2.2 then 3.3.3.3; 4.4.4.4 still to go would need length 15) and EOL padding.
    std::string opts = unhex(
        "830b0c"
        "02020202"
        "03030303"
        "00");
    std::string h = std::string{0x48, 0} + be16(32 + 4) + be16(9) + be16(0) + std::string{5, 17} + be16(0) +
                    addr(10, 0, 0, 5) + addr(10, 0, 0, 9) + opts;
    std::string orig = fill_ip_checksum(h) + "abcd";
    b.get<TestInject>("a")->send_ip(orig);
    b.get<TestInject>("b")->send_ip(orig);
    Packet* p = TestInject::make(orig);
    p->anno()[13] = 22;  // points into the source route option: no route in the answer
    b.get<TestInject>("c")->send(p);
    p = TestInject::make(orig);
    p->anno()[13] = 8;  // points elsewhere: the route is reversed
    b.get<TestInject>("c")->send(p);

    std::string a = b.get<TestCollect>("oa")->data()[0];
    // Header length 32: the option holds the travelled hops last first, pointer 4.
    EXPECT_EQ(hex(a.substr(0, 1)), "48");
    EXPECT_EQ(hex(a.substr(20, 12)),
              "830b04"
              "03030303"
              "02020202"
              "00");
    EXPECT_EQ(a.substr(40), orig);
    EXPECT_EQ(hex(a.substr(2, 2)), "004c");  // 32 + 8 + 36
    expect_valid_checksums(a, 32);
    EXPECT_TRUE(b.get<TestCollect>("ob")->packets.empty());
    auto c = b.get<TestCollect>("oc")->data();
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(hex(c[0].substr(0, 1)), "45");
    EXPECT_EQ(hex(c[0].substr(24, 1)), "16");
    expect_valid_checksums(c[0]);
    EXPECT_EQ(hex(c[1].substr(0, 1)), "48");
    EXPECT_EQ(hex(c[1].substr(36, 1)), "08");
    expect_valid_checksums(c[1], 32);
}

TEST(ICMPError, Handlers) {
    auto b = build("in :: TestInject -> e :: ICMPError(1.1.1.1, unreachable, needfrag) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.src"), "1.1.1.1\n");
    EXPECT_EQ(b.read("e.mtu"), "576\n");
    EXPECT_EQ(b.read("e.pmtu"), "0\n");
    EXPECT_EQ(b.write("e.src", "2.2.2.2"), "");
    EXPECT_EQ(b.write("e.pmtu", "1500"), "");
    EXPECT_EQ(b.write("e.mtu", "100"), "");
    EXPECT_EQ(b.write("e.mtu", "67"), "mtu: must be at least 68");
    EXPECT_EQ(b.write("e.pmtu", "65536"), "pmtu: integer out of range (0 to 65535)");
    EXPECT_EQ(b.write("e.src", "2.2.2"), "src: expected IP address");
    EXPECT_EQ(b.read("e.mtu"), "100\n");
    EXPECT_EQ(b.read("e.pmtu"), "1500\n");
    EXPECT_EQ(b.read("e.src"), "2.2.2.2\n");
    std::string data(200, 'z');
    b.get<TestInject>("in")->send_ip(ipv4_header(0, 220, 1, 0x4000, 9, 17, addr(10, 0, 0, 5), addr(10, 0, 0, 9)) +
                                     data);
    std::string q = b.get<TestCollect>("out")->data()[0];
    EXPECT_EQ(q.size(), 100u);
    EXPECT_EQ(q.substr(12, 4), addr(2, 2, 2, 2));
    EXPECT_EQ(hex(q.substr(24, 4)), "000005dc");
}

TEST(ICMPError, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1) -> TestCollect;"),
              "test.click:1:15: ICMPError@2 :: ICMPError: missing mandatory TYPE argument\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, echo) -> TestCollect;"),
              "test.click:1:15: ICMPError@2 :: ICMPError: TYPE: ICMP type 8 is not an error type\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, bogus) -> TestCollect;"),
              "test.click:1:34: ICMPError@2 :: ICMPError: TYPE: expected ICMP type (0 to 255, or a name such as "
              "unreachable, timeexceeded)\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, unreachable, transit) -> TestCollect;"),
              "test.click:1:15: ICMPError@2 :: ICMPError: CODE: expected ICMP code for type 3, found 'transit'\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, 4, 256) -> TestCollect;"),
              "test.click:1:15: ICMPError@2 :: ICMPError: CODE: expected ICMP code for type 4, found '256'\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, 11, 0, 1.2.3) -> TestCollect;"),
              "test.click:1:41: ICMPError@2 :: ICMPError: BADADDRS: expected list of IP addresses\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(1.1.1.1, 11, MTU 67) -> TestCollect;"),
              "test.click:1:15: ICMPError@2 :: ICMPError: MTU must be at least 68\n");
    EXPECT_EQ(errors_of("TestInject -> ICMPError(x, 11) -> TestCollect;"),
              "test.click:1:25: ICMPError@2 :: ICMPError: SRC: expected IP address\n");
}
