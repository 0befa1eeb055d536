// AdjustTimestamp and SetTimestampDelta: expected timestamps worked out by hand from the
// documented semantics.
#include <gtest/gtest.h>

#include "analysis/adjusttimestamp.hh"
#include "analysis/settimestampdelta.hh"
#include "analysis_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace analysis_test;

namespace {

std::vector<int64_t> stamps(const TestCollect* c) {
    std::vector<int64_t> v;
    for (Packet* p : c->packets) v.push_back(p->timestamp_anno().ns);
    return v;
}

}  // namespace

TEST(AdjustTimestamp, AddsTimeButNotToZero) {
    auto b = build("in :: TestInject -> a :: AdjustTimestamp(1.5s) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(stamped("x", 100.25));
    in->send(stamped("x", 0));
    EXPECT_EQ(stamps(b.get<TestCollect>("out")), (std::vector<int64_t>{101'750'000'000, 0}));
    EXPECT_EQ(b.read("a.time"), "1.500000\n");
    EXPECT_EQ(b.write("a.time", "-250ms"), "");
    EXPECT_EQ(b.read("a.time"), "-0.250000\n");
    in->send(stamped("x", 100.25));
    EXPECT_EQ(stamps(b.get<TestCollect>("out")).back(), 100'000'000'000);
    EXPECT_EQ(b.write("a.time", "soon"), "time: expected time, possibly negative (for example -1.5s, 10ms)");
    EXPECT_EQ(b.read("a.time"), "-0.250000\n");
}

TEST(AdjustTimestamp, AllAdjustsZeroAndNegativeTimes) {
    auto b = build("in :: TestInject -> AdjustTimestamp(-2, ALL true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(stamped("x", 0));
    b.get<TestInject>("in")->send(stamped("x", 5));
    EXPECT_EQ(stamps(b.get<TestCollect>("out")), (std::vector<int64_t>{-2'000'000'000, 3'000'000'000}));
}

TEST(AdjustTimestamp, BadArguments) {
    std::string c = "TestInject -> a :: AdjustTimestamp(1s, FIRST true) -> TestCollect;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "FIRST") +
                                ": a :: AdjustTimestamp: FIRST: packets have no separate first timestamp; only false "
                                "is accepted\n");
    c = "TestInject -> a :: AdjustTimestamp(later) -> TestCollect;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "later") +
                                ": a :: AdjustTimestamp: TIME: expected time, possibly negative (for example -1.5s, "
                                "10ms)\n");
    c = "TestInject -> a :: AdjustTimestamp() -> TestCollect;";
    EXPECT_NE(errors_of(c).find("TIME"), std::string::npos) << errors_of(c);
}

TEST(SetTimestampDelta, RangeFromTheFirstNonZeroTimestamp) {
    auto b = build("in :: TestInject -> d :: SetTimestampDelta -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    EXPECT_EQ(b.read("d.first"), "0.000000\n");
    in->send(stamped("x", 0));
    in->send(stamped("x", 1000.5));
    in->send(stamped("x", 1001.25));
    in->send(stamped("x", 999.5));
    EXPECT_EQ(stamps(b.get<TestCollect>("out")), (std::vector<int64_t>{0, 0, 750'000'000, -1'000'000'000}));
    EXPECT_EQ(b.read("d.first"), "1000.500000\n");
    EXPECT_EQ(b.write("d.reset", ""), "");
    EXPECT_EQ(b.read("d.first"), "0.000000\n");
    in->send(stamped("x", 7));
    in->send(stamped("x", 8));
    EXPECT_EQ(stamps(b.get<TestCollect>("out")).back(), 1'000'000'000);
    EXPECT_EQ(b.read("d.first"), "7.000000\n");
}

TEST(SetTimestampDelta, NowGivesThePacketsAge) {
    auto b = build("in :: TestInject -> SetTimestampDelta(NOW) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = TestInject::make("x");
    p->set_timestamp_anno(Timestamp::now() - Timestamp::from_sec(3600));
    b.get<TestInject>("in")->send(p);
    int64_t age = b.get<TestCollect>("out")->packets[0]->timestamp_anno().ns;
    // An hour old, give or take however long the test took to get here.
    EXPECT_GE(age, 3600'000'000'000);
    EXPECT_LT(age, 3660'000'000'000);
}

TEST(SetTimestampDelta, BadArguments) {
    std::string c = "TestInject -> d :: SetTimestampDelta(FIRST) -> TestCollect;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "FIRST") +
                                ": d :: SetTimestampDelta: TYPE: FIRST needs a first-timestamp annotation, which "
                                "packets do not have\n");
    c = "TestInject -> d :: SetTimestampDelta(TYPE SOMETIMES) -> TestCollect;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "TYPE") +
                                ": d :: SetTimestampDelta: TYPE: expected RANGE or NOW, found 'SOMETIMES'\n");
}
