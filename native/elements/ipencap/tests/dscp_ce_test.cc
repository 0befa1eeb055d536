// SetIPDSCP and MarkIPCE: expected headers are the test's own headers with the new TOS
// byte and a checksum computed from scratch (ip_test_util.hh), so the incremental update
// is checked against a full computation.
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string packet(unsigned tos) {
    return ipv4_header(tos, 24, 7, 0, 64, 17, addr(10, 0, 0, 1), addr(10, 0, 0, 2)) + "DATA";
}

std::vector<std::string> through(const std::string& element, const std::vector<std::string>& in,
                                 Built* keep = nullptr) {
    auto b = build("in :: TestInject -> e :: " + element + " -> out :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return {};
    b.get<TestInject>("in")->send_batch(in);
    auto got = b.get<TestCollect>("out")->data();
    if (keep) *keep = std::move(b);
    return got;
}

}  // namespace

TEST(SetIPDSCP, SetsTheUpperSixBitsAndKeepsECN) {
    // DSCP 46 (expedited forwarding) is TOS 0xb8; ECN bits 01 and 11 stay.
    EXPECT_EQ(through("SetIPDSCP(46)", {packet(0), packet(0x01), packet(0xff)}),
              (std::vector<std::string>{packet(0xb8), packet(0xb9), packet(0xbb)}));
    EXPECT_EQ(through("SetIPDSCP(0)", {packet(0xb8)}), std::vector<std::string>{packet(0)});
    // Behind an Ethernet header, found through the network header annotation.
    auto b = build("in :: TestInject -> SetIPDSCP(10) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_ip(std::string(14, 'E') + packet(0), 14);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{std::string(14, 'E') + packet(0x28)});
}

TEST(SetIPDSCP, NonIPPassesUnchanged) {
    std::string v6 = packet(0);
    v6[0] = 0x65;
    std::string bad_ihl = packet(0);
    bad_ihl[0] = 0x4f;  // 60-byte header in a 24-byte packet
    EXPECT_EQ(through("SetIPDSCP(46)", {"short", v6, bad_ihl, ""}),
              (std::vector<std::string>{"short", v6, bad_ihl, ""}));
}

TEST(SetIPDSCP, HandlerAndBadArguments) {
    Built b;
    through("SetIPDSCP(1)", {}, &b);
    EXPECT_EQ(b.read("e.dscp"), "1\n");
    EXPECT_EQ(b.write("e.dscp", "63"), "");
    EXPECT_EQ(b.write("e.dscp", "64"), "dscp: expected DSCP value (0 to 63)");
    b.get<TestInject>("in")->send(packet(0));
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{packet(0xfc)});
    EXPECT_EQ(errors_of("TestInject -> SetIPDSCP(64) -> TestCollect;"),
              "test.click:1:25: SetIPDSCP@2 :: SetIPDSCP: DSCP: expected DSCP value (0 to 63)\n");
    EXPECT_EQ(errors_of("TestInject -> SetIPDSCP -> TestCollect;"),
              "test.click:1:15: SetIPDSCP@2 :: SetIPDSCP: missing mandatory DSCP argument\n");
}

TEST(MarkIPCE, MarksECNCapablePacketsAndDropsTheRest) {
    Built b;
    std::string v6 = packet(1);
    v6[0] = 0x65;
    EXPECT_EQ(through("MarkIPCE", {packet(0x01), packet(0x02), packet(0x03), packet(0x00), v6, "x"}, &b),
              (std::vector<std::string>{packet(0x03), packet(0x03), packet(0x03)}));
    EXPECT_EQ(b.read("e.drops"), "3\n");
    EXPECT_EQ(through("MarkIPCE(true)", {packet(0xb8), "x"}, &b), std::vector<std::string>{packet(0xbb)});
    EXPECT_EQ(b.read("e.drops"), "1\n");
    EXPECT_EQ(errors_of("TestInject -> MarkIPCE(sometimes) -> TestCollect;"),
              "test.click:1:24: MarkIPCE@2 :: MarkIPCE: FORCE: expected boolean (true/false)\n");
}
