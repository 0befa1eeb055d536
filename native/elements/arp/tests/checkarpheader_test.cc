// CheckARPHeader: valid and malformed ARP headers (written out by hand after RFC 826),
// outputs, drop counts and details.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

using Strings = std::vector<std::string>;

// Ethernet/IPv4 request: hrd 1, pro 0800, hln 6, pln 4, op 1, then sha spa tha tpa.
const std::string kRequest = "0001 0800 06 04 0001 001122334455 0a000001 000000000000 0a000002";

}  // namespace

TEST(CheckARPHeader, ValidAndInvalidHeaders) {
    auto b = build(
        "in :: TestInject -> c :: CheckARPHeader(DETAILS true) -> ok :: TestCollect; c[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    std::string request = unhex(kRequest);
    in->send(request);
    in->send(request + "trailer");                                               // longer is fine
    in->send(unhex("0006 86dd 03 10 0001") + std::string(2 * 3 + 2 * 16, 'a'));  // other types, any lengths
    in->send(request.substr(0, 7));                                              // fixed part cut
    in->send(request.substr(0, 27));                                             // one address byte short
    in->send(unhex("0001 0800 08 04 0001") + std::string(24, 'x'));              // Ethernet, hln 8
    in->send(unhex("0001 0800 06 10 0001") + std::string(44, 'x'));              // IPv4, pln 16
    in->send("");
    EXPECT_EQ(b.get<TestCollect>("ok")->packets.size(), 3u);
    EXPECT_EQ(b.get<TestCollect>("bad")->packets.size(), 5u);
    Packet* first = b.get<TestCollect>("ok")->packets[0];
    EXPECT_EQ(first->network_header_offset(), 0);
    EXPECT_EQ(first->network_header_length(), 28u);
    EXPECT_EQ(b.read("c.drops"), "5\n");
    EXPECT_EQ(b.read("c.drop_details"),
              "2\tpacket too short for the fixed ARP header\n"
              "1\tpacket too short for the addresses\n"
              "1\tEthernet hardware type with a hardware address length other than 6\n"
              "1\tIPv4 protocol type with a protocol address length other than 4\n");
}

TEST(CheckARPHeader, OffsetBatchesAndDropWithoutOutputOne) {
    auto b = build("in :: TestInject -> c :: CheckARPHeader(14) -> ok :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string eth = unhex("ffffffffffff 001122334455 0806");
    std::string request = unhex(kRequest);
    b.get<TestInject>("in")->send_batch({eth + request, request.substr(0, 21), eth + request.substr(0, 20), eth, "x"});
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{eth + request}));
    EXPECT_EQ(b.get<TestCollect>("ok")->packets[0]->network_header_offset(), 14);
    // 21 bytes: no fixed part at 14; 34 bytes: the addresses cut; 14 and 1 bytes: too short.
    EXPECT_EQ(b.read("c.drops"), "4\n");
    EXPECT_EQ(b.read("c.drop_details"), "ERROR: element 'c' has no handler 'drop_details'");
}

TEST(CheckARPHeader, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> CheckARPHeader(-1) -> TestCollect;"),
              "test.click:1:30: CheckARPHeader@2 :: CheckARPHeader: OFFSET: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> CheckARPHeader(VERBOSE 2) -> TestCollect;"),
              "test.click:1:30: CheckARPHeader@2 :: CheckARPHeader: VERBOSE: expected boolean (true/false)\n");
}
