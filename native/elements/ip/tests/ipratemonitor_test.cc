// IPRateMonitor and its moving average. Rates are worked out by hand: a tenth-of-a-second
// epoch holding N packets is N * 10 per second, folded in with weight 1/32, and each empty
// epoch multiplies the average by 31/32. The element reports rates as if the epoch in
// progress ended now; a test's packets all arrive within one epoch.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "ip/rate_ewma.hh"
#include "ip_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

TEST(RateEWMA, EpochsFoldInWithWeightOneThirtySecond) {
    RateEWMA r;
    r.start(100);
    r.add(100, 10, 0);
    EXPECT_EQ(r.rate(100, 0), 0);      // the epoch in progress is not counted yet
    EXPECT_EQ(r.rate(101, 0), 3.125);  // 10 packets in 0.1 s = 100/s, times 1/32
    EXPECT_EQ(r.rate_now(100, 0), 3.125);
    EXPECT_DOUBLE_EQ(r.rate(102, 0), 3.125 * 31 / 32);  // an empty epoch decays it
    r.add(105, 20, 1);
    EXPECT_DOUBLE_EQ(r.rate(106, 1), 6.25);
    EXPECT_DOUBLE_EQ(r.rate(106, 0), 3.125 * std::pow(31.0 / 32, 5));
}

namespace {

std::string from(const std::string& src, const std::string& dst = "192.168.0.1") {
    IP f = proto(17);
    f.src = src;
    f.dst = dst;
    return ip_packet(f, udp_datagram(f, 5000, 53, "hello"));  // 33 bytes
}

// The "look" lines after the first (the time since the reset).
std::string rates_of(const Built& b) {
    std::string look = b.read("m.look");
    return look.substr(look.find('\n') + 1);
}

const char* kTwoWay =
    "in0 :: TestInject -> [0]m :: IPRateMonitor(PACKETS, 1, 0) -> out0 :: TestCollect;"
    "in1 :: TestInject -> [1]m[1] -> out1 :: TestCollect;";

}  // namespace

TEST(IPRateMonitor, ZoomsInOnBusyPrefixes) {
    auto b = build(kTwoWay);
    ASSERT_TRUE(b.router) << b.errors;
    // THRESH 0: every packet splits the most specific prefix it reaches, and the new prefix
    // starts with its parent's count; after four packets every level has seen all four.
    for (int i = 0; i < 4; ++i) b.get<TestInject>("in0")->send_ip(from("10.1.2.3"));
    for (int i = 0; i < 2; ++i) b.get<TestInject>("in1")->send_ip(from("172.16.0.1", "10.1.2.3"));
    EXPECT_EQ(rates_of(b),
              "10\t1.25\t0.625\n"
              "\t10.1\t1.25\t0.625\n"
              "\t\t10.1.2\t1.25\t0.625\n"
              "\t\t\t10.1.2.3\t1.25\t0.625\n");
    EXPECT_EQ(b.get<TestCollect>("out0")->packets.size(), 4u);
    EXPECT_EQ(b.get<TestCollect>("out1")->packets.size(), 2u);
    // Annotations: whole units per second of the most specific prefix (4 * 10 / 32 = 1.25).
    uint32_t fwd, rev;
    std::memcpy(&fwd, b.get<TestCollect>("out0")->packets[3]->anno() + anno::fwd_rate, 4);
    std::memcpy(&rev, b.get<TestCollect>("out1")->packets[1]->anno() + anno::rev_rate, 4);
    EXPECT_EQ(fwd, 1u);
    EXPECT_EQ(rev, 0u);  // 0.625
}

TEST(IPRateMonitor, ThresholdKeepsQuietPrefixesWholeAndBytesCountLengths) {
    auto b = build("in :: TestInject -> m :: IPRateMonitor(BYTES, 1, 100) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (int i = 0; i < 4; ++i) b.get<TestInject>("in")->send_ip(from("10.1.2.3"));
    // 4 * 33 bytes = 132 in the epoch: 1320/s * 1/32 = 41.25, under 100: no split.
    EXPECT_EQ(rates_of(b), "10\t41.25\t0\n");
    uint32_t fwd;
    std::memcpy(&fwd, b.get<TestCollect>("out")->packets[3]->anno() + anno::fwd_rate, 4);
    EXPECT_EQ(fwd, 41u);
    EXPECT_EQ(b.read("m.thresh"), "100\n");
}

TEST(IPRateMonitor, ResetMemoryAndAnnoLevel) {
    auto b = build(kTwoWay);
    ASSERT_TRUE(b.router) << b.errors;
    std::string base = b.read("m.mem");
    for (int i = 0; i < 4; ++i) b.get<TestInject>("in0")->send_ip(from("10.1.2.3"));
    for (int i = 0; i < 4; ++i) b.get<TestInject>("in0")->send_ip(from("11.1.2.3"));
    EXPECT_GT(std::stoul(b.read("m.mem")), std::stoul(base));
    // anno_level: 10.1 stops splitting and loses what it had below.
    EXPECT_EQ(b.write("m.anno_level", "10.1.2.3 1 100"), "");
    b.get<TestInject>("in0")->send_ip(from("10.1.2.3"));
    EXPECT_EQ(rates_of(b).substr(0, 22), "10\t1.562\t0\n\t10.1\t1.562");  // 5 packets: 1.5625
    EXPECT_EQ(rates_of(b).find("10.1.2"), std::string::npos);
    // Lowering the memory limit folds the slowest prefixes: here all of them.
    EXPECT_EQ(b.read("m.memmax"), "0\n");
    EXPECT_EQ(b.write("m.memmax", "50"), "");
    EXPECT_EQ(b.read("m.memmax"), "100\n");  // at least 100 kilobytes
    EXPECT_LE(std::stoul(b.read("m.mem")), 100u * 1024);
    EXPECT_EQ(b.write("m.reset", ""), "");
    EXPECT_EQ(rates_of(b), "");
    EXPECT_EQ(b.read("m.mem"), base);
    EXPECT_EQ(b.write("m.anno_level", "10.1.2.3 4 100"), "anno_level: LEVEL must be 0 (first byte) to 3 (host)");
    EXPECT_EQ(b.write("m.anno_level", "10.1.2.3 1"), "anno_level: expected 'ADDR LEVEL SECONDS'");
    EXPECT_EQ(b.write("m.anno_level", "10.1.2.3 1 0"), "anno_level: SECONDS must be a positive integer");
    EXPECT_EQ(b.write("m.memmax", "lots"), "memmax: expected integer");
}

TEST(IPRateMonitor, NonIPPacketsPassUncounted) {
    auto b = build("in :: TestInject -> m :: IPRateMonitor(PACKETS, 1, 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string ip = from("10.1.2.3");
    std::string bad = ip;
    bad[0] = 0x65;  // version 6
    b.get<TestInject>("in")->send_batch({"xx", "", bad, ip.substr(0, 19)});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"xx", "", bad, ip.substr(0, 19)}));
    EXPECT_EQ(rates_of(b), "");
}

TEST(IPRateMonitor, RatioSamplesButKeepsTheScale) {
    auto b = build("in :: TestInject -> m :: IPRateMonitor(PACKETS, 0.5, 1000000) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (int i = 0; i < 2000; ++i) b.get<TestInject>("in")->send_ip(from("10.1.2.3"));
    // Counted packets weigh 2: the estimate of 2000 packets (625/s) is unbiased; allow for
    // the binomial spread (standard deviation of the count about 22 packets, 7/s).
    std::string line = rates_of(b);
    ASSERT_EQ(line.substr(0, 3), "10\t");
    double rate = std::stod(line.substr(3));
    EXPECT_NEAR(rate, 625, 60);
}

TEST(IPRateMonitor, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> IPRateMonitor(FRAMES, 1, 10) -> TestCollect;"),
              "test.click:1:29: IPRateMonitor@2 :: IPRateMonitor: TYPE: expected PACKETS or BYTES\n");
    EXPECT_EQ(errors_of("TestInject -> IPRateMonitor(PACKETS, 0, 10) -> TestCollect;"),
              "test.click:1:38: IPRateMonitor@2 :: IPRateMonitor: RATIO: expected a ratio above 0 and at most 1\n");
    EXPECT_EQ(errors_of("TestInject -> IPRateMonitor(PACKETS, 1) -> TestCollect;"),
              "test.click:1:15: IPRateMonitor@2 :: IPRateMonitor: missing mandatory THRESH argument\n");
}
