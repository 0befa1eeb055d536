// ARPTable and ARPPrint. Packets are written byte by byte from RFC 826; the printed lines
// follow the documented tcpdump-style format.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "arp/arpprint.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// who-has 18.26.7.5 tell 18.26.4.92, from 00:11:22:33:44:55.
const std::string kRequest =
    unhex("ffffffffffff 001122334455 0806 0001 0800 06 04 0001 001122334455 121a045c 000000000000 121a0705");
// 18.26.7.5 is-at 00:00:c0:ae:67:ef.
const std::string kReply =
    unhex("001122334455 0000c0ae67ef 0806 0001 0800 06 04 0002 0000c0ae67ef 121a0705 001122334455 121a045c");

std::string line_of(const std::string& config, const std::string& bytes, int64_t ts_ns = 0) {
    auto b = build("in :: TestInject -> p :: " + config + " -> out :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return "";
    Packet* p = TestInject::make(bytes);
    p->set_timestamp_anno(Timestamp{ts_ns});
    std::string s = b.get<ARPPrint>("p")->line(p);
    p->kill();
    return s;
}

}  // namespace

TEST(ARPPrint, RequestsAndReplies) {
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", kRequest), "arp who-has 18.26.7.5 tell 18.26.4.92");
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", kReply), "arp reply 18.26.7.5 is-at 00:00:c0:ae:67:ef");
    EXPECT_EQ(line_of("ARPPrint(arp0)", kRequest, 1234567890123456000),
              "arp0: 1234567890.123456: arp who-has 18.26.7.5 tell 18.26.4.92");
    // Without the Ethernet header.
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", kReply.substr(14)), "arp reply 18.26.7.5 is-at 00:00:c0:ae:67:ef");
}

TEST(ARPPrint, OddAndMalformedPackets) {
    std::string rarp = kRequest;
    rarp[21] = 3;  // opcode 3
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", rarp), "arp opcode 3");
    std::string token_ring = kRequest;
    token_ring[15] = 6;  // hardware type 6
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", token_ring), "arp hrd 6 pro 2048");
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", kRequest.substr(0, 41)), "truncated-arp (27)");
    EXPECT_EQ(line_of("ARPPrint(TIMESTAMP false)", ""), "truncated-arp (0)");
    EXPECT_EQ(line_of("ARPPrint(x, TIMESTAMP false)", "short"), "x: truncated-arp (5)");
}

TEST(ARPPrint, WritesOutfileAndPassesPacketsOn) {
    std::string path = ::testing::TempDir() + "arpprint_test_out.txt";
    auto b = build("in :: TestInject -> p :: ARPPrint(TIMESTAMP false, OUTFILE " + path + ") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({kRequest, kReply, "x"});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{kRequest, kReply, "x"}));
    EXPECT_EQ(b.write("p.active", "false"), "");
    b.get<TestInject>("in")->send(kRequest);
    b.router.reset();  // closes the file
    std::ifstream f(path);
    std::stringstream text;
    text << f.rdbuf();
    EXPECT_EQ(text.str(),
              "arp who-has 18.26.7.5 tell 18.26.4.92\n"
              "arp reply 18.26.7.5 is-at 00:00:c0:ae:67:ef\n"
              "truncated-arp (1)\n");
    std::remove(path.c_str());
    EXPECT_EQ(errors_of("TestInject -> ARPPrint(TIMESTAMP often) -> TestCollect;"),
              "test.click:1:24: ARPPrint@2 :: ARPPrint: TIMESTAMP: expected boolean (true/false)\n");
}

TEST(ARPTable, InsertDeleteClearAndTable) {
    auto b = build("t :: ARPTable;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("t.insert", "10.0.0.2 00:11:22:33:44:55"), "");
    EXPECT_EQ(b.write("t.insert", "10.0.0.1 02:00:00:00:00:01"), "");
    EXPECT_EQ(b.read("t.count"), "2\n");
    std::string table = b.read("t.table");
    // By address; the age is the time since the insert.
    EXPECT_EQ(table.substr(0, 33), "10.0.0.1 1 02:00:00:00:00:01 0.00") << table;
    EXPECT_NE(table.find("\n10.0.0.2 1 00:11:22:33:44:55 0.00"), std::string::npos) << table;
    EXPECT_EQ(b.write("t.delete", "10.0.0.1"), "");
    EXPECT_EQ(b.write("t.delete", "10.0.0.1"), "delete: no entry for 10.0.0.1");
    EXPECT_EQ(b.write("t.insert", "10.0.0.3"), "insert: expected 'IP ETH', found '10.0.0.3'");
    EXPECT_EQ(b.write("t.insert", "10.0.0.3 zz"), "insert: expected 'IP ETH', found '10.0.0.3 zz'");
    EXPECT_EQ(b.read("t.count"), "1\n");
    EXPECT_EQ(b.write("t.clear", ""), "");
    EXPECT_EQ(b.read("t.table"), "");
    EXPECT_EQ(b.read("t.drops"), "0\n");
}

TEST(ARPTable, EntryCapacityAndTimeout) {
    auto b = build("t :: ARPTable(ENTRY_CAPACITY 2, TIMEOUT 20ms);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("t.insert", "10.0.0.1 0:0:0:0:0:1"), "");
    EXPECT_EQ(b.write("t.insert", "10.0.0.2 0:0:0:0:0:2"), "");
    EXPECT_EQ(b.write("t.insert", "10.0.0.3 0:0:0:0:0:3"), "");
    EXPECT_EQ(b.read("t.count"), "2\n");
    EXPECT_EQ(b.read("t.table").find("10.0.0.1 "), std::string::npos);  // the oldest went
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    EXPECT_EQ(b.read("t.table").substr(0, 11), "10.0.0.2 0 ");  // expired: no longer valid
    b.router->run_for(50'000'000);                              // the expiry timer removes them
    EXPECT_EQ(b.read("t.count"), "0\n");
}

TEST(ARPTable, BadArguments) {
    EXPECT_EQ(errors_of("ARPTable(5);"),
              "test.click:1:10: ARPTable@1 :: ARPTable: too many arguments: '5' is not expected here\n");
    EXPECT_EQ(errors_of("ARPTable(TIMEOUT soon);"),
              "test.click:1:10: ARPTable@1 :: ARPTable: TIMEOUT: expected time (for example 1.5s, 10ms, 250us)\n");
    EXPECT_EQ(errors_of("ARPTable(CAPACITY -1);"),
              "test.click:1:10: ARPTable@1 :: ARPTable: CAPACITY: expected unsigned integer\n");
}

TEST(ARPTable, ARPQueriersShareIt) {
    // Two queriers on one table: what one learns, the other uses without asking.
    auto b = build(
        "t :: ARPTable;"
        "ip1 :: TestInject -> [0]q1 :: ARPQuerier(10.0.0.1, 02:00:00:00:00:01, TABLE t) -> out1 :: TestCollect;"
        "arp1 :: TestInject -> [1]q1;"
        "ip2 :: TestInject -> [0]q2 :: ARPQuerier(10.0.0.1, 02:00:00:00:00:01, TABLE t) -> out2 :: TestCollect;"
        "Idle -> [1]q2;");
    ASSERT_TRUE(b.router) << b.errors;
    // A reply to q1: 10.0.0.9 is-at 02:00:00:00:00:09.
    b.get<TestInject>("arp1")->send(
        unhex("020000000001 020000000009 0806 0001 0800 06 04 0002 020000000009 0a000009 020000000001 0a000001"));
    EXPECT_EQ(b.read("t.count"), "1\n");
    Packet* p = TestInject::make("IPDATA");
    p->set_dst_ip_anno(htonl(0x0a000009));
    b.get<TestInject>("ip2")->send(p);
    EXPECT_EQ(b.get<TestCollect>("out2")->data(),
              std::vector<std::string>{unhex("020000000009 020000000001 0800") + "IPDATA"});
    EXPECT_EQ(b.read("q2.queries"), "0\n");
    EXPECT_EQ(
        errors_of("q :: ARPQuerier(10.0.0.1, 02:00:00:00:00:01, TABLE nope); Idle -> [0]q -> Discard; Idle -> [1]q;"),
        "test.click:1:1: q :: ARPQuerier: TABLE: no ARPTable named 'nope'\n");
}
