// RandomSample: sampled share and outputs from its documentation (statistical bounds are
// many standard deviations wide, so a correct element never fails them).
#include <gtest/gtest.h>

#include "clickos/random.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

const char* kTwoOutputs = "in :: TestInject -> s :: RandomSample(%s) -> yes :: TestCollect; s[1] -> no :: TestCollect;";

std::string two_outputs(const std::string& args) {
    std::string c = kTwoOutputs;
    return c.replace(c.find("%s"), 2, args);
}

void send_many(Built& b, int n) {
    std::vector<std::string> batch(50, "p");
    for (int i = 0; i < n / 100; ++i) {
        b.get<TestInject>("in")->send_batch(batch);
        for (int k = 0; k < 50; ++k) b.get<TestInject>("in")->send("q");
    }
}

}  // namespace

TEST(RandomSample, SamplesAboutP) {
    set_random_seed(12345);
    auto b = build(two_outputs("0.25"));
    ASSERT_TRUE(b.router) << b.errors;
    send_many(b, 10000);
    size_t yes = b.get<TestCollect>("yes")->packets.size(), no = b.get<TestCollect>("no")->packets.size();
    EXPECT_EQ(yes + no, 10000u);
    EXPECT_GT(yes, 2200u);  // expected 2500, standard deviation about 43
    EXPECT_LT(yes, 2800u);
    EXPECT_EQ(b.read("s.drops"), std::to_string(no) + "\n");
    EXPECT_EQ(b.read("s.sampling_prob"), "0.25\n");
    EXPECT_EQ(b.read("s.drop_prob"), "0.75\n");
}

TEST(RandomSample, ExtremesDropKeywordAndInactive) {
    auto all = build(two_outputs("1"));
    ASSERT_TRUE(all.router) << all.errors;
    send_many(all, 1000);
    EXPECT_EQ(all.get<TestCollect>("yes")->packets.size(), 1000u);
    EXPECT_EQ(all.read("s.drops"), "0\n");

    auto none = build(two_outputs("DROP 1"));
    ASSERT_TRUE(none.router) << none.errors;
    send_many(none, 1000);
    EXPECT_EQ(none.get<TestCollect>("no")->packets.size(), 1000u);
    EXPECT_EQ(none.read("s.sampling_prob"), "0\n");
    EXPECT_EQ(none.write("s.active", "false"), "");
    EXPECT_EQ(none.read("s.active"), "false\n");
    send_many(none, 100);
    EXPECT_EQ(none.get<TestCollect>("yes")->packets.size(), 100u);  // inactive: all to output 0
    EXPECT_EQ(none.write("s.active", "true"), "");
    EXPECT_EQ(none.write("s.sampling_prob", "1"), "");
    send_many(none, 100);
    EXPECT_EQ(none.get<TestCollect>("yes")->packets.size(), 200u);
    EXPECT_EQ(none.write("s.drop_prob", "1"), "");
    send_many(none, 100);
    EXPECT_EQ(none.get<TestCollect>("no")->packets.size(), 1100u);
    EXPECT_EQ(none.write("s.drop_prob", "2"), "drop_prob: probability must be between 0 and 1");
    EXPECT_EQ(none.write("s.active", "maybe"), "active: expected boolean (true/false)");
}

TEST(RandomSample, SampleKeywordDropsWithoutOutputOne) {
    set_random_seed(7);
    auto b = build("in :: TestInject -> s :: RandomSample(SAMPLE 0.5) -> yes :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    send_many(b, 2000);
    size_t yes = b.get<TestCollect>("yes")->packets.size();
    EXPECT_GT(yes, 850u);  // expected 1000, standard deviation about 22
    EXPECT_LT(yes, 1150u);
    EXPECT_EQ(b.read("s.drops"), std::to_string(2000 - yes) + "\n");
}

TEST(RandomSample, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> RandomSample -> TestCollect;"),
              "test.click:1:15: RandomSample@2 :: RandomSample: give the sampling probability (P, SAMPLE or DROP)\n");
    EXPECT_EQ(errors_of("TestInject -> RandomSample(1.5) -> TestCollect;"),
              "test.click:1:28: RandomSample@2 :: RandomSample: P: probability must be between 0 and 1\n");
    EXPECT_EQ(errors_of("TestInject -> RandomSample(0.5, DROP 0.5) -> TestCollect;"),
              "test.click:1:15: RandomSample@2 :: RandomSample: give only one of P, SAMPLE and DROP\n");
    EXPECT_EQ(errors_of("TestInject -> RandomSample(DROP x) -> TestCollect;"),
              "test.click:1:28: RandomSample@2 :: RandomSample: DROP: expected real number\n");
}
