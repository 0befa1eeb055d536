// ARPQuerier: queries, replies and encapsulated packets written byte by byte from RFC 826
// and the Ethernet frame layout; timing behaviour with short timeouts.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "clickos/addresses.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

uint32_t ip(const char* s) {
    IPAddress a;
    IPAddress::parse(s, a);
    return a.addr;
}

// An IP packet (its content does not matter here) with its destination annotation.
Packet* to(const char* dst, const std::string& payload = "IPDATA") {
    Packet* p = TestInject::make(payload);
    p->set_dst_ip_anno(ip(dst));
    return p;
}

// who-has 18.26.4.1 tell 18.26.4.24, from 00:00:c0:ae:67:ef, broadcast.
const std::string kQuery = unhex(
    "ffffffffffff 0000c0ae67ef 0806"
    "0001 0800 06 04 0001"
    "0000c0ae67ef 121a0418"
    "000000000000 121a0401");

// 18.26.4.1 is-at 00:11:22:33:44:55, to us.
const std::string kReply = unhex(
    "0000c0ae67ef 001122334455 0806"
    "0001 0800 06 04 0002"
    "001122334455 121a0401"
    "0000c0ae67ef 121a0418");

// An IP packet's Ethernet header once 18.26.4.1 is known.
const std::string kHeader = unhex("001122334455 0000c0ae67ef 0800");

std::string config(const std::string& args, bool two_outputs = true) {
    std::string c = "ip :: TestInject; arp :: TestInject; q :: ARPQuerier(" + args +
                    ");\n"
                    "ip -> [0]q; arp -> [1]q; q[0] -> out :: TestCollect;\n";
    if (two_outputs) c += "q[1] -> qs :: TestCollect;\n";
    return c;
}

struct Fixture {
    Built b;
    TestInject* in;
    TestInject* arp;
    TestCollect* out;
    TestCollect* qs;
    explicit Fixture(const std::string& args, bool two_outputs = true) {
        b = build(config(args, two_outputs));
        in = b.get<TestInject>("ip");
        arp = b.get<TestInject>("arp");
        out = b.get<TestCollect>("out");
        qs = two_outputs ? b.get<TestCollect>("qs") : nullptr;
    }
};

TEST(ARPQuerier, QueriesThenSendsWhatWaited) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.in->send(to("18.26.4.1", "one"));
    f.in->send(to("18.26.4.1", "two"));  // within 100 ms: no second query
    EXPECT_EQ(f.qs->data(), std::vector<std::string>{kQuery});
    EXPECT_TRUE(f.out->packets.empty());
    EXPECT_EQ(f.b.read("q.length"), "2\n");
    EXPECT_EQ(f.b.read("q.count"), "1\n");
    EXPECT_EQ(f.b.read("q.table").substr(0, 32), "18.26.4.1 0 ff:ff:ff:ff:ff:ff 0.");

    f.arp->send(kReply);
    EXPECT_EQ(f.out->data(), (std::vector<std::string>{kHeader + "one", kHeader + "two"}));
    EXPECT_EQ(f.out->packets[0]->mac_header(), f.out->packets[0]->data());
    f.in->send(to("18.26.4.1", "three"));
    EXPECT_EQ(f.out->data().back(), kHeader + "three");
    EXPECT_EQ(f.qs->packets.size(), 1u);
    EXPECT_EQ(f.b.read("q.length"), "0\n");
    EXPECT_EQ(f.b.read("q.queries"), "1\n");
    EXPECT_EQ(f.b.read("q.responses"), "1\n");
    EXPECT_EQ(f.b.read("q.drops"), "0\n");
    EXPECT_EQ(f.b.read("q.stats"), "1 queries sent\n1 responses received\n0 packets dropped\n");
    EXPECT_EQ(f.b.read("q.table").substr(0, 32), "18.26.4.1 1 00:11:22:33:44:55 0.");
}

TEST(ARPQuerier, BatchesAndOneOutput) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef", false);
    ASSERT_TRUE(f.b.router) << f.b.errors;
    PacketBatch batch;
    batch.append(to("18.26.4.1", "a"));
    batch.append(to("255.255.255.255", "b"));
    batch.append(to("18.26.4.1", "c"));
    f.in->output(0).push_batch(batch);
    // Queries share output 0, in order with the packets that go out.
    EXPECT_EQ(f.out->data(), (std::vector<std::string>{kQuery, unhex("ffffffffffff 0000c0ae67ef 0800") + "b"}));
    f.arp->send_batch({kReply});
    EXPECT_EQ(f.out->data().size(), 4u);
    EXPECT_EQ(f.out->data()[2], kHeader + "a");
    EXPECT_EQ(f.out->data()[3], kHeader + "c");
}

TEST(ARPQuerier, BroadcastMulticastAndZero) {
    Fixture f("18.26.4.24/24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    EXPECT_EQ(f.b.read("q.broadcast"), "18.26.4.255\n");
    EXPECT_EQ(f.b.read("q.ipaddr"), "18.26.4.24\n");
    for (const char* d : {"18.26.4.255", "255.255.255.255", "224.1.2.3", "239.129.2.3", "0.0.0.0"})
        f.in->send(to(d, "x"));
    EXPECT_EQ(f.out->data(), (std::vector<std::string>{
                                 unhex("ffffffffffff 0000c0ae67ef 0800") + "x",
                                 unhex("ffffffffffff 0000c0ae67ef 0800") + "x",
                                 unhex("01005e010203 0000c0ae67ef 0800") + "x",
                                 unhex("01005e010203 0000c0ae67ef 0800") + "x",
                             }));
    EXPECT_TRUE(f.qs->packets.empty());
    EXPECT_EQ(f.b.read("q.drops"), "1\n");

    Fixture g("18.26.4.24, 00:00:c0:ae:67:ef, BROADCAST 18.26.255.255");
    ASSERT_TRUE(g.b.router) << g.b.errors;
    EXPECT_EQ(g.b.read("q.broadcast"), "18.26.255.255\n");
    g.in->send(to("18.26.255.255"));
    EXPECT_EQ(g.out->packets.size(), 1u);
    Fixture h("18.26.4.24, 00:00:c0:ae:67:ef");
    EXPECT_EQ(h.b.read("q.broadcast"), "255.255.255.255\n");
}

TEST(ARPQuerier, IgnoresWhatIsNotAUsableReply) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.in->send(to("18.26.4.1"));
    std::string request = kReply;
    request[21] = 1;  // op: request
    std::string group = kReply;
    group[22] = 1;  // sender hardware address is a group address
    std::string zero = kReply;
    zero[28] = zero[29] = zero[30] = zero[31] = 0;  // sender IP 0.0.0.0
    std::string ipv6 = kReply;
    ipv6[16] = char(0x86), ipv6[17] = char(0xdd);  // protocol type
    std::string not_arp = kReply;
    not_arp[13] = 0;
    f.arp->send_batch({request, group, zero, ipv6, not_arp, kReply.substr(0, 41), ""});
    EXPECT_TRUE(f.out->packets.empty());
    EXPECT_EQ(f.b.read("q.responses"), "0\n");
    EXPECT_EQ(f.b.read("q.length"), "1\n");
}

TEST(ARPQuerier, RepliesWithoutAQueryAreLearned) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.arp->send(kReply);
    f.in->send(to("18.26.4.1", "x"));
    EXPECT_EQ(f.out->data(), std::vector<std::string>{kHeader + "x"});
    EXPECT_TRUE(f.qs->packets.empty());
}

TEST(ARPQuerier, QueryCopiesVlanAnnotation) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    Packet* p = to("18.26.4.1");
    p->anno()[anno::vlan_tci] = 0x12;
    p->anno()[anno::vlan_tci + 1] = 0x34;
    f.in->send(p);
    ASSERT_EQ(f.qs->packets.size(), 1u);
    EXPECT_EQ(f.qs->packets[0]->anno()[anno::vlan_tci], 0x12);
    EXPECT_EQ(f.qs->packets[0]->anno()[anno::vlan_tci + 1], 0x34);
}

TEST(ARPQuerier, PacketCapacities) {
    // CAPACITY: the oldest waiting packet goes when a third arrives.
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef, CAPACITY 2");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.in->send(to("18.26.4.1", "a"));
    f.in->send(to("18.26.4.2", "b"));
    f.in->send(to("18.26.4.1", "c"));
    EXPECT_EQ(f.b.read("q.length"), "2\n");
    EXPECT_EQ(f.b.read("q.drops"), "1\n");
    f.arp->send(kReply);
    EXPECT_EQ(f.out->data(), std::vector<std::string>{kHeader + "c"});

    // ENTRY_PACKET_CAPACITY: per address.
    Fixture g("18.26.4.24, 00:00:c0:ae:67:ef, ENTRY_PACKET_CAPACITY 2");
    ASSERT_TRUE(g.b.router) << g.b.errors;
    for (const char* s : {"a", "b", "c"}) g.in->send(to("18.26.4.1", s));
    g.in->send(to("18.26.4.2", "d"));
    EXPECT_EQ(g.b.read("q.length"), "3\n");
    EXPECT_EQ(g.b.read("q.drops"), "1\n");
    g.arp->send(kReply);
    EXPECT_EQ(g.out->data(), (std::vector<std::string>{kHeader + "b", kHeader + "c"}));

    // ENTRY_CAPACITY: the oldest entry goes, with its packet.
    Fixture h("18.26.4.24, 00:00:c0:ae:67:ef, ENTRY_CAPACITY 2");
    ASSERT_TRUE(h.b.router) << h.b.errors;
    for (const char* d : {"18.26.4.1", "18.26.4.2", "18.26.4.3"}) h.in->send(to(d));
    EXPECT_EQ(h.b.read("q.count"), "2\n");
    EXPECT_EQ(h.b.read("q.drops"), "1\n");
    EXPECT_EQ(h.b.read("q.table").find("18.26.4.1 "), std::string::npos);
    EXPECT_EQ(h.qs->packets.size(), 3u);
}

TEST(ARPQuerier, EntriesExpireOnATimer) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef, TIMEOUT 200ms");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    EXPECT_EQ(f.b.write("q.insert", "18.26.4.1 00:11:22:33:44:55"), "");
    f.in->send(to("18.26.4.9", "waits"));
    f.in->send(to("18.26.4.1", "now"));
    EXPECT_EQ(f.out->data(), std::vector<std::string>{kHeader + "now"});
    EXPECT_EQ(f.b.read("q.count"), "2\n");
    f.b.router->run_for(500'000'000);
    EXPECT_EQ(f.b.read("q.count"), "0\n");
    EXPECT_EQ(f.b.read("q.length"), "0\n");
    EXPECT_EQ(f.b.read("q.drops"), "1\n");  // the packet that waited in vain
    f.in->send(to("18.26.4.1", "later"));
    EXPECT_EQ(f.qs->packets.size(), 2u);  // asked again
    EXPECT_EQ(f.out->packets.size(), 1u);
}

TEST(ARPQuerier, QueriesRepeatAfterATenthOfASecond) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.in->send(to("18.26.4.1"));
    f.in->send(to("18.26.4.1"));
    EXPECT_EQ(f.qs->packets.size(), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    f.in->send(to("18.26.4.1"));
    EXPECT_EQ(f.qs->data(), (std::vector<std::string>{kQuery, kQuery}));
}

TEST(ARPQuerier, PollsEntriesInUse) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef, POLL_TIMEOUT 200ms");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.arp->send(kReply);
    f.in->send(to("18.26.4.1"));
    EXPECT_TRUE(f.qs->packets.empty());  // young entry
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    f.in->send(to("18.26.4.1"));
    f.in->send(to("18.26.4.1"));
    EXPECT_EQ(f.out->packets.size(), 3u);  // polling does not hold packets back
    // One poll, sent to the known address.
    std::string poll = kQuery;
    for (int i = 0; i < 6; ++i) poll[i] = kReply[6 + i];
    EXPECT_EQ(f.qs->data(), std::vector<std::string>{poll});

    Fixture g("18.26.4.24, 00:00:c0:ae:67:ef, POLL_TIMEOUT 200ms, BROADCAST_POLL true");
    ASSERT_TRUE(g.b.router) << g.b.errors;
    g.arp->send(kReply);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    g.in->send(to("18.26.4.1"));
    EXPECT_EQ(g.qs->data(), std::vector<std::string>{kQuery});
}

TEST(ARPQuerier, Handlers) {
    Fixture f("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(f.b.router) << f.b.errors;
    f.in->send(to("18.26.4.1", "w"));
    EXPECT_EQ(f.b.write("q.insert", "18.26.4.1 00:11:22:33:44:55"), "");  // sends what waited
    EXPECT_EQ(f.out->data(), std::vector<std::string>{kHeader + "w"});
    EXPECT_EQ(f.b.write("q.insert", "18.26.4.7  0:0:0:0:0:7"), "");
    std::string table = f.b.read("q.table");
    EXPECT_EQ(table.substr(0, 32), "18.26.4.1 1 00:11:22:33:44:55 0.");
    EXPECT_NE(table.find("\n18.26.4.7 1 00:00:00:00:00:07 0."), std::string::npos);

    // Refused writes change nothing.
    EXPECT_EQ(f.b.write("q.insert", "18.26.4.8"), "insert: expected 'IP ETH', found '18.26.4.8'");
    EXPECT_EQ(f.b.write("q.insert", "18.26.4.8 0:0:0:0:0"), "insert: expected 'IP ETH', found '18.26.4.8 0:0:0:0:0'");
    EXPECT_EQ(f.b.write("q.delete", "18.26.4"), "delete: expected IP address, found '18.26.4'");
    EXPECT_EQ(f.b.write("q.delete", "18.26.4.8"), "delete: no entry for 18.26.4.8");
    EXPECT_EQ(f.b.write("q.ipaddr", "me"), "ipaddr: expected IP address, found 'me'");
    EXPECT_EQ(f.b.read("q.count"), "2\n");
    EXPECT_EQ(f.b.read("q.ipaddr"), "18.26.4.24\n");

    EXPECT_EQ(f.b.write("q.delete", "18.26.4.7"), "");
    EXPECT_EQ(f.b.read("q.count"), "1\n");
    EXPECT_EQ(f.b.write("q.ipaddr", "18.26.4.25"), "");
    f.in->send(to("18.26.4.2", "x"));
    EXPECT_EQ(hex(f.qs->data().back().substr(28, 4)), "121a0419");  // queries say the new address
    EXPECT_EQ(f.b.write("q.clear", ""), "");
    EXPECT_EQ(f.b.read("q.count"), "0\n");
    EXPECT_EQ(f.b.read("q.length"), "0\n");
    EXPECT_EQ(f.b.read("q.drops"), "1\n");
}

TEST(ARPQuerier, HotSwapKeepsTheTable) {
    Fixture a("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(a.b.router) << a.b.errors;
    a.arp->send(kReply);
    a.in->send(to("18.26.4.2", "waiting"));
    Fixture b("18.26.4.24, 00:00:c0:ae:67:ef");
    ASSERT_TRUE(b.b.router) << b.b.errors;
    CollectingErrorHandler errh;
    b.b.router->take_state_from(*a.b.router, &errh);
    EXPECT_EQ(a.b.read("q.count"), "0\n");
    EXPECT_EQ(b.b.read("q.count"), "2\n");
    EXPECT_EQ(b.b.read("q.length"), "1\n");
    EXPECT_EQ(b.b.read("q.queries"), "1\n");
    EXPECT_EQ(b.b.read("q.responses"), "1\n");
    b.in->send(to("18.26.4.1", "x"));
    EXPECT_EQ(b.out->data(), std::vector<std::string>{kHeader + "x"});
    b.arp->send(
        unhex("0000c0ae67ef 00aabbccddee 0806 0001 0800 06 04 0002 00aabbccddee 121a0402 0000c0ae67ef 121a0418"));
    EXPECT_EQ(b.out->data().back(), unhex("00aabbccddee 0000c0ae67ef 0800") + "waiting");
}

TEST(ARPQuerier, BadArguments) {
    const char* rest = "; arp :: TestInject -> [1]q; q -> TestCollect;";
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4.24)") + rest),
              "test.click:1:15: q :: ARPQuerier: missing mandatory ETH argument\n");
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4, 0:0:0:0:0:1)") + rest),
              "test.click:1:31: q :: ARPQuerier: IP: expected IP address or IP/MASK\n");
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4.1, 0:0:0:0:0:1, TIMEOUT soon)") + rest),
              "test.click:1:55: q :: ARPQuerier: TIMEOUT: expected time (for example 1.5s, 10ms, 250us)\n");
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4.1, 0:0:0:0:0:1, CAPACITY -1)") + rest),
              "test.click:1:55: q :: ARPQuerier: CAPACITY: expected unsigned integer\n");
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4.1, 0:0:0:0:0:1, TABLE t)") + rest),
              "test.click:1:15: q :: ARPQuerier: TABLE: no ARPTable named 't'\n");
    EXPECT_EQ(errors_of(std::string("TestInject -> q :: ARPQuerier(18.26.4.1, 0:0:0:0:0:1, TABLE x y)") + rest),
              "test.click:1:55: q :: ARPQuerier: TABLE: expected one word\n");
}

}  // namespace
