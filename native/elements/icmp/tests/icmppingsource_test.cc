// ICMPPingSource: the requests are compared with packets the IP tests' builders assemble
// byte by byte (checksums summed from scratch); replies come from ICMPPingResponder or are
// built by the test, and the statistics are checked against the counts the test expects.
#include <gtest/gtest.h>

#include "ip/tests/ip_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::string request(const std::string& src, const std::string& dst, unsigned ident, unsigned seq,
                    const std::string& data) {
    IP f = proto(1);
    f.src = src;
    f.dst = dst;
    f.ttl = 255;
    f.id = seq;
    return ip_packet(f, icmp_message(8, 0, be16(ident) + be16(seq), data));
}

std::string reply(const std::string& src, const std::string& dst, unsigned ident, unsigned seq) {
    IP f = proto(1);
    f.src = src;
    f.dst = dst;
    f.ttl = 61;
    return ip_packet(f, icmp_message(0, 0, be16(ident) + be16(seq), ""));
}

}  // namespace

TEST(ICMPPingSource, PushModeSendsLimitRequests) {
    auto b = build(
        "s :: ICMPPingSource(10.0.0.1, 192.0.2.9, INTERVAL 2ms, IDENTIFIER 4660, LIMIT 3, DATA abc) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(300'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(),
              (std::vector<std::string>{request("10.0.0.1", "192.0.2.9", 0x1234, 0, "abc"),
                                        request("10.0.0.1", "192.0.2.9", 0x1234, 1, "abc"),
                                        request("10.0.0.1", "192.0.2.9", 0x1234, 2, "abc")}));
    EXPECT_EQ(b.read("s.count"), "3\n");
    Packet* p = b.get<TestCollect>("out")->packets[0];
    EXPECT_EQ(p->network_header(), p->data());
    EXPECT_EQ(p->transport_header_offset(), 20);
    EXPECT_EQ(hex(std::string(reinterpret_cast<const char*>(p->anno()), 4)), "c0000209");  // DST annotation
    EXPECT_EQ(b.read("s.summary").substr(0, 6), "ERROR:");                                 // no input
}

TEST(ICMPPingSource, PullModeMakesOneRequestPerPull) {
    auto b = build("s :: ICMPPingSource(1.1.1.1, 2.2.2.2, LIMIT 2) -> Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{request("1.1.1.1", "2.2.2.2", 0, 0, ""),
                                                                           request("1.1.1.1", "2.2.2.2", 0, 1, "")}));
}

TEST(ICMPPingSource, CountsRepliesAndDuplicatesFromAResponder) {
    auto b = build(
        "s :: ICMPPingSource(10.0.0.1, 10.0.0.2, INTERVAL 1ms, LIMIT 4, VERBOSE false) -> ICMPPingResponder -> t :: "
        "Tee -> s; t[1] -> s;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(300'000'000);
    std::string summary = b.read("s.summary");
    EXPECT_EQ(summary.substr(0, summary.find('\n') + 1),
              "4 packets transmitted, 4 received, +4 duplicates, 0% packet loss\n");
    EXPECT_EQ(summary.substr(summary.find('\n') + 1, 18), "rtt min/avg/max = ");
    double lo = std::stod(b.read("s.rtt_min")), avg = std::stod(b.read("s.rtt_avg")),
           hi = std::stod(b.read("s.rtt_max"));
    EXPECT_LE(lo, avg);
    EXPECT_LE(avg, hi);
    EXPECT_GE(lo, 0.0);
}

TEST(ICMPPingSource, IgnoresRepliesThatDoNotMatch) {
    auto b = build(
        "s :: ICMPPingSource(1.1.1.1, 2.2.2.2, INTERVAL 1ms, IDENTIFIER 7, LIMIT 2, VERBOSE false) -> out :: "
        "TestCollect; in :: TestInject -> s;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    ASSERT_EQ(b.read("s.count"), "2\n");
    EXPECT_EQ(b.read("s.rtt_min"), "0.000\n");
    auto* in = b.get<TestInject>("in");
    in->send(reply("2.2.2.2", "1.1.1.1", 8, 1));                // another identifier
    in->send(reply("2.2.2.2", "1.1.1.1", 7, 9));                // never sent
    in->send(request("2.2.2.2", "1.1.1.1", 7, 0, ""));          // a request, not a reply
    in->send(reply("2.2.2.2", "1.1.1.1", 7, 1).substr(0, 25));  // truncated ICMP header
    in->send(udp_packet());
    in->send("");
    EXPECT_EQ(b.read("s.summary"), "2 packets transmitted, 0 received, 100% packet loss\n");
    in->send(reply("2.2.2.2", "1.1.1.1", 7, 1));
    std::string eth(14, '\x01');
    in->send_ip(eth + reply("2.2.2.2", "1.1.1.1", 7, 0), 14);  // found through the annotation
    EXPECT_EQ(b.read("s.summary").substr(0, 53), "2 packets transmitted, 2 received, 0% packet loss\nrtt");
}

TEST(ICMPPingSource, Handlers) {
    auto b = build("s :: ICMPPingSource(1.1.1.1, 2.2.2.2, INTERVAL 1ms, LIMIT 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.read("s.count"), "2\n");
    EXPECT_EQ(b.read("s.limit"), "2\n");
    EXPECT_EQ(b.write("s.limit", "3"), "");  // one more
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.read("s.count"), "3\n");
    EXPECT_EQ(b.write("s.active", "false"), "");
    EXPECT_EQ(b.write("s.reset_counts", ""), "");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("s.count"), "0\n");
    EXPECT_EQ(b.read("s.active"), "false\n");
    EXPECT_EQ(b.write("s.active", "true"), "");
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.read("s.count"), "3\n");
    // The sequence numbers start again at 0 after the reset.
    auto data = b.get<TestCollect>("out")->data();
    ASSERT_EQ(data.size(), 6u);
    EXPECT_EQ(data[3], request("1.1.1.1", "2.2.2.2", 0, 0, ""));
    EXPECT_EQ(b.write("s.interval", "0"), "interval: must be positive");
    EXPECT_EQ(b.write("s.active", "perhaps"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("s.interval"), "0.001000\n");
}

TEST(ICMPPingSource, AddressHandlersAndTheOldName) {
    auto b = build("s :: ICMPSendPings(1.1.1.1, 2.2.2.2, INTERVAL 1ms, LIMIT 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.src"), "1.1.1.1\n");
    EXPECT_EQ(b.write("s.dst", "3.3.3"), "dst: expected IP address");
    EXPECT_EQ(b.write("s.dst", "3.3.3.3"), "");
    EXPECT_EQ(b.read("s.dst"), "3.3.3.3\n");
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{request("1.1.1.1", "3.3.3.3", 0, 0, ""),
                                                                           request("1.1.1.1", "3.3.3.3", 0, 1, "")}));
}

TEST(ICMPPingSource, BadArguments) {
    EXPECT_EQ(errors_of("s :: ICMPPingSource(1.1.1.1) -> Discard;"),
              "test.click:1:1: s :: ICMPPingSource: missing mandatory DST argument\n");
    EXPECT_EQ(errors_of("s :: ICMPPingSource(1.1.1.1, 2.2.2.x) -> Discard;"),
              "test.click:1:30: s :: ICMPPingSource: DST: expected IP address\n");
    EXPECT_EQ(errors_of("s :: ICMPPingSource(1.1.1.1, 2.2.2.2, IDENTIFIER 70000) -> Discard;"),
              "test.click:1:39: s :: ICMPPingSource: IDENTIFIER: integer out of range (0 to 65535)\n");
    EXPECT_EQ(errors_of("s :: ICMPPingSource(1.1.1.1, 2.2.2.2, INTERVAL 0) -> Discard;"),
              "test.click:1:1: s :: ICMPPingSource: INTERVAL must be positive\n");
}
