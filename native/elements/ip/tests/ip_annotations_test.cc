// MarkIPHeader, StripIPHeader, GetIPAddress and SetIPAddress: the annotations they set and
// the bytes they remove, from Click's documentation, including packets too short for them.
#include <gtest/gtest.h>

#include <cstring>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string ether() {
    return unhex("ffffffffffff 001122334455 0800");
}

std::string anno_bytes(const Packet* p, size_t offset) {
    return std::string(reinterpret_cast<const char*>(p->anno()) + offset, 4);
}

// Builds `in :: TestInject -> ELEMENTS -> out :: TestCollect`, sends `pkt`, returns the
// packet that came out (or null).
struct OnePacket {
    Built b;
    Packet* p = nullptr;
};

OnePacket through(const std::string& elements, const std::string& pkt, bool mark = false) {
    OnePacket r;
    r.b = build("in :: TestInject -> " + elements + " -> out :: TestCollect;");
    if (!r.b.router) {
        ADD_FAILURE() << r.b.errors;
        return r;
    }
    if (mark)
        r.b.get<TestInject>("in")->send_ip(pkt);
    else
        r.b.get<TestInject>("in")->send(pkt);
    auto* out = r.b.get<TestCollect>("out");
    if (out->packets.size() == 1) r.p = out->packets[0];
    return r;
}

}  // namespace

TEST(MarkIPHeader, MarksWithoutChecking) {
    IP f = proto(17);
    f.options = unhex("94040000");  // Router Alert
    std::string with_options = ip_packet(f, udp_datagram(f, 1, 2, "x"));
    auto r = through("MarkIPHeader", with_options + "pad");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->network_header_offset(), 0);
    EXPECT_EQ(r.p->network_header_length(), 24u);
    EXPECT_EQ(r.p->transport_header_offset(), 24);
    EXPECT_EQ(r.p->length(), with_options.size() + 3);  // padding kept
    EXPECT_EQ(r.p->dst_ip_anno(), 0u);                  // not set

    std::string bad_sum = udp_packet();
    bad_sum[10] ^= 0x55;
    r = through("MarkIPHeader(14)", ether() + bad_sum);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->network_header_offset(), 14);
    EXPECT_EQ(r.p->transport_header_offset(), 34);
}

TEST(MarkIPHeader, ShortPacketsAreClampedToTheirEnd) {
    auto r = through("MarkIPHeader", udp_packet().substr(0, 10));
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->network_header_offset(), 0);
    EXPECT_EQ(r.p->transport_header_offset(), 10);
    r = through("MarkIPHeader", "");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->network_header_offset(), 0);
    EXPECT_EQ(r.p->transport_header_offset(), 0);
    r = through("MarkIPHeader(40)", udp_packet());  // 33 bytes
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->network_header_offset(), 33);
    EXPECT_EQ(r.p->transport_header_offset(), 33);
}

TEST(MarkIPHeader, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> m :: MarkIPHeader(-1) -> Discard;"),
              "test.click:1:33: m :: MarkIPHeader: OFFSET: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> m :: MarkIPHeader(1, 2) -> Discard;"),
              "test.click:1:36: m :: MarkIPHeader: too many arguments: '2' is not expected here\n");
}

TEST(StripIPHeader, RemovesUpToTheTransportHeader) {
    std::string pkt = udp_packet("data");
    auto r = through("CheckIPHeader(14) -> StripIPHeader", ether() + pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(std::string(reinterpret_cast<const char*>(r.p->data()), r.p->length())), hex(pkt.substr(20)));
    EXPECT_EQ(r.p->network_header_offset(), -20);  // annotations unchanged
    EXPECT_EQ(r.p->transport_header_offset(), 0);

    IP f = proto(6);
    f.options = unhex("01010100");
    std::string opt = ip_packet(f, tcp_segment(f, 1, 2, 3, 4, 0x10, 5));
    r = through("StripIPHeader", opt, true);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->length(), 20u);  // the TCP header only
}

TEST(StripIPHeader, UnmarkedAndShortPackets) {
    auto r = through("StripIPHeader", "no header here");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->length(), 14u);
    r = through("MarkIPHeader -> StripIPHeader", "\x45short");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->length(), 0u);
    r = through("StripIPHeader", "\x45", true);  // send_ip marks 20 bytes on a 1-byte packet
    ASSERT_TRUE(r.p);
    EXPECT_EQ(r.p->length(), 0u);
    EXPECT_EQ(errors_of("TestInject -> s :: StripIPHeader(1) -> Discard;"),
              "test.click:1:34: s :: StripIPHeader: too many arguments: '1' is not expected here\n");
}

TEST(GetIPAddress, CopiesBytesAtAnOffsetIntoTheData) {
    std::string pkt = udp_packet();
    auto r = through("GetIPAddress(16)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "0a000002");
    r = through("GetIPAddress(12)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "0a000001");
    // OFFSET counts from the packet data, not from the IP header: behind an Ethernet header,
    // bytes 16-19 are the IP total length and ID.
    r = through("CheckIPHeader(14) -> GetIPAddress(16)", ether() + pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "00210000");
    r = through("GetIPAddress(16, 24)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, 24)), "0a000002");
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "00000000");
    r = through("GetIPAddress(12, ANNO PAINT)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::paint)), "0a000001");
}

TEST(GetIPAddress, TakesTheMarkedHeadersAddresses) {
    std::string pkt = ether() + udp_packet();
    auto r = through("CheckIPHeader(14) -> SetIPAddress(9.9.9.9) -> GetIPAddress(IP src)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "0a000001");
    r = through("CheckIPHeader(14) -> SetIPAddress(9.9.9.9) -> GetIPAddress(IP dst, ANNO 40)", pkt);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, 40)), "0a000002");
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "09090909");
}

TEST(GetIPAddress, ShortOrUnmarkedPacketsKeepTheAnnotation) {
    auto r = through("SetIPAddress(9.9.9.9) -> GetIPAddress(16)", udp_packet().substr(0, 19));
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "09090909");
    r = through("SetIPAddress(9.9.9.9) -> GetIPAddress(16)", udp_packet().substr(0, 20));
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "0a000002");
    r = through("SetIPAddress(9.9.9.9) -> GetIPAddress(IP src)", udp_packet());
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "09090909");
    r = through("SetIPAddress(9.9.9.9) -> GetIPAddress(IP dst)", udp_packet().substr(0, 19), true);
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "09090909");
}

TEST(GetIPAddress, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> g :: GetIPAddress -> Discard;"),
              "test.click:1:15: g :: GetIPAddress: give exactly one of OFFSET and IP\n");
    EXPECT_EQ(errors_of("TestInject -> g :: GetIPAddress(16, IP src) -> Discard;"),
              "test.click:1:15: g :: GetIPAddress: give exactly one of OFFSET and IP\n");
    EXPECT_EQ(errors_of("TestInject -> g :: GetIPAddress(IP foo) -> Discard;"),
              "test.click:1:33: g :: GetIPAddress: IP: expected 'src' or 'dst'\n");
    EXPECT_EQ(errors_of("TestInject -> g :: GetIPAddress(16, ANNO 46) -> Discard;"),
              "test.click:1:37: g :: GetIPAddress: ANNO: annotation at 46 has no room for 4 bytes\n");
    EXPECT_EQ(errors_of("TestInject -> g :: GetIPAddress(16, 45) -> Discard;"),
              "test.click:1:37: g :: GetIPAddress: ANNO: annotation at 45 has no room for 4 bytes\n");
}

TEST(SetIPAddress, SetsTheAnnotation) {
    auto r = through("SetIPAddress(192.0.2.7)", "any bytes");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "c0000207");
    EXPECT_EQ(hex(std::string(reinterpret_cast<const char*>(r.p->data()), r.p->length())), hex("any bytes"));
    r = through("SetIPAddress(192.0.2.7, 28)", "");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, 28)), "c0000207");
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "00000000");
    r = through("SetIPAddress(IPADDR 192.0.2.8, ANNO DST_IP)", "");
    ASSERT_TRUE(r.p);
    EXPECT_EQ(hex(anno_bytes(r.p, anno::dst_ip)), "c0000208");
}

TEST(SetIPAddress, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> s :: SetIPAddress -> Discard;"),
              "test.click:1:15: s :: SetIPAddress: missing mandatory IPADDR argument\n");
    EXPECT_EQ(errors_of("TestInject -> s :: SetIPAddress(10.0.0.300) -> Discard;"),
              "test.click:1:33: s :: SetIPAddress: IPADDR: expected IP address\n");
    EXPECT_EQ(errors_of("TestInject -> s :: SetIPAddress(1.2.3.4, FOO) -> Discard;"),
              "test.click:1:42: s :: SetIPAddress: ANNO: expected annotation name (PAINT, DST_IP, ...) or offset "
              "below 48\n");
}
