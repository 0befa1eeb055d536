// TimeFilter: which packets pass follows the documented [start, end) range; timestamps chosen
// by hand.
#include "analysis/timefilter.hh"

#include <gtest/gtest.h>

#include "analysis_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace analysis_test;

namespace {

const char* two_outputs =
    "in :: TestInject -> tf :: TimeFilter(%s); tf[0] -> pass :: TestCollect; tf[1] -> rej :: TestCollect;";

Built build_with(const std::string& args) {
    std::string c = two_outputs;
    c.replace(c.find("%s"), 2, args);
    return build(c);
}

std::vector<double> seconds(const TestCollect* c) {
    std::vector<double> v;
    for (Packet* p : c->packets) v.push_back(p->timestamp_anno().doubleval());
    return v;
}

void send_all(Built& b, const std::vector<double>& times) {
    for (double t : times) b.get<TestInject>("in")->send(stamped("x", t));
}

}  // namespace

TEST(TimeFilter, AbsoluteRange) {
    auto b = build_with("START 1000.5, END 1002");
    ASSERT_TRUE(b.router) << b.errors;
    send_all(b, {1000, 1000.5, 1001.999, 1002, 1003});
    EXPECT_EQ(seconds(b.get<TestCollect>("pass")), (std::vector<double>{1000.5, 1001.999}));
    EXPECT_EQ(seconds(b.get<TestCollect>("rej")), (std::vector<double>{1000, 1002, 1003}));
    EXPECT_EQ(b.read("tf.start"), "1000.500000\n");
    EXPECT_EQ(b.read("tf.end"), "1002.000000\n");
    EXPECT_EQ(b.read("tf.interval"), "1.500000\n");
}

TEST(TimeFilter, RelativeToTheFirstPacket) {
    auto b = build_with("START_AFTER 1s, INTERVAL 2s");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("tf.start"), "0.000000\n");
    send_all(b, {50, 50.5, 51, 52.9, 53, 49});
    EXPECT_EQ(seconds(b.get<TestCollect>("pass")), (std::vector<double>{51, 52.9}));
    EXPECT_EQ(b.read("tf.start"), "51.000000\n");
    EXPECT_EQ(b.read("tf.end"), "53.000000\n");
    auto c = build_with("END_AFTER 500ms");
    ASSERT_TRUE(c.router) << c.errors;
    send_all(c, {10, 10.25, 10.5, 9});
    EXPECT_EQ(seconds(c.get<TestCollect>("pass")), (std::vector<double>{10, 10.25, 9}));
}

TEST(TimeFilter, DelayAfterInitialization) {
    auto b = build_with("START_DELAY 1h");
    ASSERT_TRUE(b.router) << b.errors;
    Timestamp now = Timestamp::now();
    b.get<TestInject>("in")->send(stamped("x", now.doubleval()));
    b.get<TestInject>("in")->send(stamped("x", now.doubleval() + 7200));
    EXPECT_EQ(b.get<TestCollect>("pass")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("rej")->packets.size(), 1u);
}

TEST(TimeFilter, EndCallSeesTheTimeAndMayExtend) {
    auto b = build(
        "ac :: AggregateCounter; Idle -> ac -> Discard;"
        "in :: TestInject -> tf :: TimeFilter(END 100, END_CALL ac.banner $t) -> pass :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    send_all(b, {99, 100.25, 101});
    EXPECT_EQ(seconds(b.get<TestCollect>("pass")), (std::vector<double>{99}));
    EXPECT_EQ(b.read("ac.banner"), "100.250000");  // only the first packet past the end calls

    auto e =
        build("in :: TestInject -> tf :: TimeFilter(END 100, END_CALL tf.extend_interval 2s) -> pass :: TestCollect;");
    ASSERT_TRUE(e.router) << e.errors;
    send_all(e, {99, 100.5, 101.5, 102, 103});
    // 100.5 calls, the end moves to 102 and 100.5 passes; 102 calls again (the end moved), to 104.
    EXPECT_EQ(seconds(e.get<TestCollect>("pass")), (std::vector<double>{99, 100.5, 101.5, 102, 103}));
    EXPECT_EQ(e.read("tf.end"), "104.000000\n");
}

TEST(TimeFilter, StopAndHandlers) {
    auto b = build("in :: TestInject -> tf :: TimeFilter(END 10, STOP true) -> pass :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    send_all(b, {9, 11});
    EXPECT_EQ(b.router->stop_requests(), 1);
    EXPECT_EQ(b.write("tf.start", "5"), "");
    EXPECT_EQ(b.write("tf.interval", "10"), "");
    EXPECT_EQ(b.read("tf.end"), "15.000000\n");
    send_all(b, {4, 12, 16});
    EXPECT_EQ(seconds(b.get<TestCollect>("pass")), (std::vector<double>{9, 12}));
    EXPECT_EQ(b.router->stop_requests(), 2);
    EXPECT_EQ(b.write("tf.end", "tomorrow"), "end: expected seconds since 1970");
    EXPECT_EQ(b.write("tf.extend_interval", "-1"), "extend_interval: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.read("tf.end"), "15.000000\n");
}

TEST(TimeFilter, BadArguments) {
    auto errors = [](const std::string& args) {
        return errors_of("TestInject -> tf :: TimeFilter(" + args + ") -> TestCollect;");
    };
    EXPECT_EQ(errors("START 1, START_AFTER 2"),
              "test.click:1:15: tf :: TimeFilter: give at most one of START, START_AFTER and START_DELAY\n");
    EXPECT_EQ(errors("END 1, INTERVAL 2"),
              "test.click:1:15: tf :: TimeFilter: give at most one of END, END_AFTER, END_DELAY and INTERVAL\n");
    EXPECT_EQ(errors("STOP true, END_CALL x.y"),
              "test.click:1:15: tf :: TimeFilter: give at most one of STOP and END_CALL\n");
    std::string c = "TestInject -> tf :: TimeFilter(START yesterday) -> TestCollect;";
    EXPECT_EQ(errors_of(c),
              "test.click:1:" + nat_test::col(c, "START") + ": tf :: TimeFilter: START: expected seconds since 1970\n");
    c = "TestInject -> tf :: TimeFilter(INTERVAL -3) -> TestCollect;";
    EXPECT_NE(errors_of(c).find("test.click:1:" + nat_test::col(c, "INTERVAL") + ": tf :: TimeFilter: INTERVAL"),
              std::string::npos)
        << errors_of(c);
}
