// IPOutputCombo: each packet's fate (output and bytes) is derived by hand from the
// documented compound and built with ip_packets.hh (fresh checksums); the same packets then
// go through the compound DropBroadcasts -> PaintTee -> IPGWOptions -> FixIPSrc -> DecIPTTL
// -> CheckLength made of the real elements, which must agree packet for packet.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

struct Input {
    std::string bytes;
    uint8_t paint = 0;
    PacketType type = PacketType::Host;
    bool fix_src = false;
};

IP udp_ip(unsigned ttl, const std::string& src = "10.0.0.1", const std::string& options = "") {
    IP f = proto(17);
    f.ttl = ttl;
    f.src = src;
    f.options = options;
    return f;
}

std::string udp(const IP& f, size_t data_len = 4) {
    return ip_packet(f, udp_datagram(f, 7, 9, std::string(data_len, 'd')));
}

const std::string bad_option = unhex("070703 00000000 00");  // record route, pointer 3 (below 4)

std::vector<Input> inputs() {
    return {
        {udp(udp_ip(64))},                             // 0: normal
        {udp(udp_ip(64)), 3},                          // 1: painted COLOR
        {udp(udp_ip(64)), 0, PacketType::Broadcast},   // 2: link broadcast
        {udp(udp_ip(64)), 0, PacketType::Multicast},   // 3: link multicast
        {udp(udp_ip(64, "10.0.0.1", bad_option))},     // 4: bad option
        {udp(udp_ip(1))},                              // 5: expired
        {udp(udp_ip(9), 100)},                         // 6: 128 bytes > MTU 120
        {udp(udp_ip(30)), 0, PacketType::Host, true},  // 7: Fix IP Source
        {udp(udp_ip(1, "10.0.0.1", bad_option)), 3},   // 8: painted, bad option
        {std::string(12, '\x45')},                     // 9: no full IP header
    };
}

using Outputs = std::vector<std::vector<std::string>>;

Outputs run(const std::string& config) {
    auto b = build(config);
    if (!b.router) return {{b.errors}};
    for (const Input& in : inputs()) {
        Packet* p = TestInject::make(in.bytes);
        p->set_paint_anno(in.paint);
        p->set_packet_type_anno(in.type);
        p->anno()[anno::fix_ip_src] = in.fix_src;
        unsigned hl = unsigned(uint8_t(in.bytes[0]) & 15) * 4;
        p->set_network_header(p->data(), hl <= in.bytes.size() ? hl : 20);
        b.get<TestInject>("in")->send(p);
    }
    Outputs r;
    for (int i = 0; i < 5; ++i) r.push_back(b.get<TestCollect>("o" + std::to_string(i))->data());
    return r;
}

const char* const sinks =
    "c[0] -> o0 :: TestCollect; c[1] -> o1 :: TestCollect; c[2] -> o2 :: TestCollect;"
    "c[3] -> o3 :: TestCollect; c[4] -> o4 :: TestCollect;";

}  // namespace

TEST(IPOutputCombo, SendsEachPacketWhereTheCompoundWould) {
    Outputs got = run(std::string("in :: TestInject -> c :: IPOutputCombo(3, 192.0.2.1, 120);") + sinks);
    auto in = inputs();
    // FixIPSrc recomputes the IP checksum only: the UDP checksum keeps the old source.
    std::string fixed_source = udp(udp_ip(29, "192.0.2.1")).substr(0, 20) + udp(udp_ip(29)).substr(20);
    Outputs want(5);
    want[0] = {udp(udp_ip(63)), udp(udp_ip(63)), fixed_source};
    want[1] = {in[1].bytes, in[8].bytes};
    want[2] = {in[4].bytes, in[8].bytes, in[9].bytes};  // IPGWOptions rejects unreadable headers
    want[3] = {in[5].bytes};
    want[4] = {udp(udp_ip(8), 100)};
    EXPECT_EQ(got, want);
}

TEST(IPOutputCombo, AgreesWithTheElementsItStandsFor) {
    Outputs combo = run(std::string("in :: TestInject -> c :: IPOutputCombo(3, 192.0.2.1, 120);") + sinks);
    Outputs compound = run(
        "in :: TestInject -> DropBroadcasts -> p :: PaintTee(3) -> g :: IPGWOptions(192.0.2.1) -> FixIPSrc(192.0.2.1)"
        " -> d :: DecIPTTL -> l :: CheckLength(120) -> o0 :: TestCollect; p[1] -> o1 :: TestCollect;"
        "g[1] -> o2 :: TestCollect; d[1] -> o3 :: TestCollect; l[1] -> o4 :: TestCollect;");
    EXPECT_EQ(combo, compound);
}

TEST(IPOutputCombo, HandlersAndArguments) {
    auto b = build(std::string("in :: TestInject -> c :: IPOutputCombo(3, 192.0.2.1, 120);") + sinks);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("c.color"), "3\n");
    EXPECT_EQ(b.read("c.mtu"), "120\n");
    EXPECT_EQ(b.write("c.mtu", "1500"), "");
    EXPECT_EQ(b.write("c.mtu", "big"), "mtu: expected integer");
    EXPECT_EQ(b.write("c.color", "256"), "color: integer out of range (0 to 255)");
    EXPECT_EQ(b.write("c.color", "0"), "");
    b.get<TestInject>("in")->send_ip(udp(udp_ip(9), 100));
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{udp(udp_ip(8), 100)});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{udp(udp_ip(9), 100)});  // paint 0
    std::string s = sinks;
    EXPECT_EQ(errors_of("in :: TestInject -> c :: IPOutputCombo(3, 192.0.2, 120);" + s),
              "test.click:1:43: c :: IPOutputCombo: IPADDR: expected IP address\n");
    EXPECT_EQ(errors_of("in :: TestInject -> c :: IPOutputCombo(3, 192.0.2.1);" + s),
              "test.click:1:21: c :: IPOutputCombo: missing mandatory MTU argument\n");
}
