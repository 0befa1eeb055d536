// DropBroadcasts, HostEtherFilter, EnsureEther: outputs, annotations and headers from their
// documentation, with frames written out by hand; short and malformed packets never crash.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

using Strings = std::vector<std::string>;

// dst, src, type, then a 2-byte payload.
const std::string kOwn = "001122334455";
const std::string kOther = "00aabbccddee";
const std::string kBroadcast = "ffffffffffff";
const std::string kMulticast = "01005e000001";

std::string frame(const std::string& dst, const std::string& src) {
    return unhex(dst + src + "0800" + "abcd");
}

Packet* typed(const std::string& data, PacketType t) {
    Packet* p = TestInject::make(data);
    p->set_packet_type_anno(t);
    return p;
}

// A 20-byte IPv4 header (version 4, IHL 5) with no options; the checksum is not looked at.
const std::string kIpHeader = "45000014000000004001000001020304 05060708";

}  // namespace

TEST(DropBroadcasts, BroadcastAndMulticastTakeOutputOne) {
    auto b = build("in :: TestInject -> d :: DropBroadcasts -> ok :: TestCollect; d[1] -> bc :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(typed("host", PacketType::Host));
    in->send(typed("bcast", PacketType::Broadcast));
    in->send(typed("mcast", PacketType::Multicast));
    in->send(typed("other", PacketType::OtherHost));
    in->send(typed("", PacketType::Broadcast));  // empty: the data is never read
    PacketBatch batch;
    batch.append(typed("b-out", PacketType::Outgoing));
    batch.append(typed("b-bcast", PacketType::Broadcast));
    in->output(0).push_batch(batch);
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"host", "other", "b-out"}));
    EXPECT_EQ(b.get<TestCollect>("bc")->data(), (Strings{"bcast", "mcast", "", "b-bcast"}));
    EXPECT_EQ(b.read("d.drops"), "4\n");
}

TEST(DropBroadcasts, DropsWithoutOutputOne) {
    auto b = build("in :: TestInject -> d :: DropBroadcasts -> ok :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(typed("m", PacketType::Multicast));
    b.get<TestInject>("in")->send(typed("h", PacketType::Host));
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"h"}));
    EXPECT_EQ(b.read("d.drops"), "1\n");
}

TEST(HostEtherFilter, SetsPacketTypeAndFiltersOtherHosts) {
    auto b = build(
        "in :: TestInject -> f :: HostEtherFilter(00:11:22:33:44:55) -> ok :: TestCollect; f[1] -> no :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(frame(kOwn, kOther));
    in->send(frame(kBroadcast, kOther));
    in->send(frame(kMulticast, kOther));
    in->send(frame(kOther, kOwn));  // unicast to someone else: DROP_OTHER defaults to true
    in->send(frame(kOwn, kOwn));    // DROP_OWN defaults to false
    auto& ok = b.get<TestCollect>("ok")->packets;
    ASSERT_EQ(ok.size(), 4u);
    EXPECT_EQ(ok[0]->packet_type_anno(), PacketType::Host);
    EXPECT_EQ(ok[1]->packet_type_anno(), PacketType::Broadcast);
    EXPECT_EQ(ok[2]->packet_type_anno(), PacketType::Multicast);
    EXPECT_EQ(ok[3]->packet_type_anno(), PacketType::Host);
    auto& no = b.get<TestCollect>("no")->packets;
    ASSERT_EQ(no.size(), 1u);
    EXPECT_EQ(no[0]->packet_type_anno(), PacketType::OtherHost);
    EXPECT_EQ(hex(b.get<TestCollect>("no")->data()[0]), kOther + kOwn + "0800abcd");  // data untouched
    EXPECT_EQ(b.read("f.drops"), "1\n");
}

TEST(HostEtherFilter, DropOwnKeepOtherAndOffset) {
    auto b = build(
        "in :: TestInject -> f :: HostEtherFilter(00:11:22:33:44:55, true, false, OFFSET 4) -> ok :: TestCollect; "
        "f[1] -> no :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    std::string prefix = unhex("01020304");
    in->send(prefix + frame(kOther, kMulticast));  // to another host, kept with DROP_OTHER false
    in->send(prefix + frame(kBroadcast, kOwn));    // from this host: DROP_OWN
    in->send(frame(kOwn, kOther) + "xxxx");        // header read at offset 4: not for this host
    auto& ok = b.get<TestCollect>("ok")->packets;
    ASSERT_EQ(ok.size(), 2u);
    EXPECT_EQ(ok[0]->packet_type_anno(), PacketType::OtherHost);
    EXPECT_EQ(ok[1]->packet_type_anno(), PacketType::OtherHost);
    EXPECT_EQ(b.get<TestCollect>("no")->packets.size(), 1u);
    EXPECT_EQ(b.read("f.ethernet"), "00:11:22:33:44:55\n");
    EXPECT_EQ(b.write("f.ethernet", "00:aa:bb:cc:dd:ee"), "");
    in->send(prefix + frame(kOther, kOwn));  // now for this host
    EXPECT_EQ(ok.back()->packet_type_anno(), PacketType::Host);
    EXPECT_EQ(b.write("f.ethernet", "nope"), "ethernet: expected Ethernet address");
}

TEST(HostEtherFilter, ShortPacketsAreFiltered) {
    auto b = build(
        "in :: TestInject -> f :: HostEtherFilter(00:11:22:33:44:55, OFFSET 2) -> ok :: TestCollect; f[1] -> no :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send("");
    in->send(std::string(13, 'x'));
    in->send(std::string(15, 'x'));                           // 14 bytes needed after OFFSET 2
    in->send(std::string(2, '.') + std::string(14, '\xff'));  // exactly 16 bytes: a broadcast header at 2
    EXPECT_EQ(b.get<TestCollect>("no")->packets.size(), 3u);
    ASSERT_EQ(b.get<TestCollect>("ok")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("ok")->packets[0]->packet_type_anno(), PacketType::Broadcast);
    auto c = build("in :: TestInject -> f :: HostEtherFilter(00:11:22:33:44:55) -> ok :: TestCollect;");
    ASSERT_TRUE(c.router) << c.errors;
    c.get<TestInject>("in")->send_batch({"", "a", std::string(13, '\xff'), std::string(14, '\xff')});
    EXPECT_EQ(c.get<TestCollect>("ok")->packets.size(), 1u);  // only the 14-byte broadcast header
    EXPECT_EQ(c.read("f.drops"), "3\n");
}

TEST(HostEtherFilter, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> HostEtherFilter -> TestCollect;"),
              "test.click:1:15: HostEtherFilter@2 :: HostEtherFilter: missing mandatory ETHER argument\n");
    EXPECT_EQ(errors_of("TestInject -> HostEtherFilter(00:11:22) -> TestCollect;"),
              "test.click:1:31: HostEtherFilter@2 :: HostEtherFilter: ETHER: expected Ethernet address\n");
    EXPECT_EQ(errors_of("TestInject -> HostEtherFilter(0:1:2:3:4:5, DROP_OWN perhaps) -> TestCollect;"),
              "test.click:1:44: HostEtherFilter@2 :: HostEtherFilter: DROP_OWN: expected boolean (true/false)\n");
}

TEST(EnsureEther, PrependsTheConfiguredHeaderToBareIP) {
    auto b = build("in :: TestInject -> EnsureEther(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(unhex(kIpHeader), 0);
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 1u);
    EXPECT_EQ(hex(out->data()[0]),
              "020202020202"
              "010101010101"
              "0800" +
                  hex(unhex(kIpHeader)));
    Packet* p = out->packets[0];
    EXPECT_EQ(p->mac_header_offset(), 0);
    EXPECT_EQ(p->network_header_offset(), 14);
}

TEST(EnsureEther, LeavesNonIPAndEncapsulatedPacketsAlone) {
    auto b = build("in :: TestInject -> EnsureEther -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send("no network header");
    std::string framed = frame(kOwn, kOther).substr(0, 14) + unhex(kIpHeader);
    in->send_ip(framed, 14);                                            // already encapsulated
    in->send_ip(unhex("60000000") + std::string(36, '\0'), 0);          // IPv6: not IP here
    in->send_ip(unhex(kOwn + kOther + "86dd") + unhex(kIpHeader), 14);  // IPv4 after a non-IP type
    auto data = b.get<TestCollect>("out")->data();
    ASSERT_EQ(data.size(), 4u);
    EXPECT_EQ(data[0], "no network header");
    EXPECT_EQ(data[1], framed);
    EXPECT_EQ(data[2].size(), 40u);
    // The ethertype in front is not IP: a default header (zero addresses, 0800) goes in front.
    EXPECT_EQ(hex(data[3]), std::string(24, '0') + "0800" + kOwn + kOther + "86dd" + hex(unhex(kIpHeader)));
}

TEST(EnsureEther, ReusesAStrippedHeader) {
    auto b = build("in :: TestInject -> EnsureEther(0x1234, 1:1:1:1:1:1, 2:2:2:2:2:2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string eth = kOther + kOwn + "0800";
    Packet* p = TestInject::make(unhex(eth) + unhex(kIpHeader));
    p->set_mac_header(p->data());
    p->pull(14);  // as Strip(14) does: the header stays in the headroom
    p->set_network_header(p->data(), 20);
    b.get<TestInject>("in")->send(p);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0)), eth + hex(unhex(kIpHeader)));

    // A shared packet gets a copy with the same header; the other reference keeps its data.
    auto c =
        build("in :: TestInject -> t :: Tee(2); t[0] -> EnsureEther -> o0 :: TestCollect; t[1] -> o1 :: TestCollect;");
    ASSERT_TRUE(c.router) << c.errors;
    Packet* q = TestInject::make(unhex(eth) + unhex(kIpHeader));
    q->set_mac_header(q->data());
    q->pull(14);
    q->set_network_header(q->data(), 20);
    c.get<TestInject>("in")->send(q);
    EXPECT_EQ(hex(c.get<TestCollect>("o0")->data().at(0)), eth + hex(unhex(kIpHeader)));
    EXPECT_EQ(hex(c.get<TestCollect>("o1")->data().at(0)), hex(unhex(kIpHeader)));
}

TEST(EnsureEther, MalformedAnnotationsAndBadArguments) {
    auto b = build("in :: TestInject -> EnsureEther -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make("ab");
    p->set_network_header(p->data() + 2, 0);  // points at the end of the data
    b.get<TestInject>("in")->send(p);
    b.get<TestInject>("in")->send_ip("", 0);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"ab", ""}));
    EXPECT_EQ(errors_of("TestInject -> EnsureEther(0x10000) -> TestCollect;"),
              "test.click:1:27: EnsureEther@2 :: EnsureEther: ETHERTYPE: integer out of range (0 to 65535)\n");
    EXPECT_EQ(errors_of("TestInject -> EnsureEther(0x0800, 1:2) -> TestCollect;"),
              "test.click:1:35: EnsureEther@2 :: EnsureEther: SRC: expected Ethernet address\n");
}
