// RED: the average queue length is followed by hand through the EWMA (w = 2^-STABILITY);
// drop decisions are checked where the documented rule makes them certain (below
// MIN_THRESH, at or above 2 * MAX_THRESH, and the forced drop once count * p_b reaches 1),
// and statistically against the drop rate the rule implies elsewhere.
#include <gtest/gtest.h>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// A storage element that is not a Queue: RED must find it through its length and capacity
// handlers. Its length is whatever the test writes to `length`.
class TestStorage : public Element {
  public:
    const char* class_name() const override { return "TestStorage"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "h/l"; }
    void push(int, Packet* p) override { p->kill(); }
    Packet* pull(int) override { return nullptr; }
    void add_handlers() override {
        add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
        add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler*) {
            length_ = std::stoul(v);
            return 0;
        });
        add_read_handler("capacity", [](Element*) { return std::string("1000\n"); });
    }

  private:
    unsigned long length_ = 0;
};
CLICKOS_ELEMENT(TestStorage);

// Fills queue `q` (fed by injector `fill`) with n packets.
void fill(const Built& b, const char* injector, int n) {
    for (int i = 0; i < n; ++i) b.get<TestInject>(injector)->send("f");
}

// Sends packets "0", "1", ... through `in` and returns the indices that came out on `drop`.
std::vector<int> dropped_indices(const Built& b, int n) {
    for (int i = 0; i < n; ++i) b.get<TestInject>("in")->send(std::to_string(i));
    std::vector<int> out;
    for (const auto& s : b.get<TestCollect>("drop")->data()) out.push_back(std::stoi(s));
    return out;
}

// A RED with arguments `args` in front of a full queue of `length` packets.
Built red_before_full_queue(const std::string& args, int length) {
    std::string n = std::to_string(length);
    auto b = build("in :: TestInject -> r :: RED(" + args + ") -> q :: Queue(" + n +
                   ") -> Idle; r[1] -> drop :: TestCollect; f :: TestInject -> q;");
    if (b.router) fill(b, "f", length);
    return b;
}

}  // namespace

TEST(RED, AverageFollowsTheEWMA) {
    auto b = build("in :: TestInject -> r :: RED(100, 200, 0.1, STABILITY 1) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    // Packet k sees k - 1 queued packets; w = 1/2:
    // 0 -> 0, 1 -> 0.5, 2 -> 1.25, 3 -> 2.125, 4 -> 3.0625.
    const char* expected[] = {"0\n", "0.5\n", "1.25\n", "2.125\n", "3.0625\n"};
    for (const char* e : expected) {
        b.get<TestInject>("in")->send("x");
        EXPECT_EQ(b.read("r.avg_queue_size"), e);
    }
    EXPECT_EQ(b.read("r.stats"), "5 current queue\n3.0625 avg queue\n0 drops\n");

    auto c = build("in :: TestInject -> r :: RED(100, 200, 0.1, STABILITY 2) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(c.router) << c.errors;
    // w = 1/4: 0 -> 0, 1 -> 0.25, 2 -> 0.25 + (2 - 0.25) / 4 = 0.6875.
    fill(c, "in", 3);
    EXPECT_EQ(c.read("r.avg_queue_size"), "0.6875\n");

    auto d = build("in :: TestInject -> r :: RED(100, 200, 0.1) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(d.router) << d.errors;
    // The default STABILITY 4: w = 1/16.
    fill(d, "in", 2);
    EXPECT_EQ(d.read("r.avg_queue_size"), "0.0625\n");
}

TEST(RED, EmptyQueueCountsAsZero) {
    auto b = build(
        "in :: TestInject -> r :: RED(100, 200, 0.1, STABILITY 1) -> q :: Queue(1000) -> Idle; f :: TestInject -> "
        "q;");
    ASSERT_TRUE(b.router) << b.errors;
    fill(b, "f", 4);
    b.get<TestInject>("in")->send("x");  // sees 4: avg 2
    EXPECT_EQ(b.write("q.reset", ""), "");
    b.get<TestInject>("in")->send("x");  // sees 0: avg 1
    b.get<TestInject>("in")->send("x");  // sees 1: avg 1
    b.get<TestInject>("in")->send("x");  // sees 2: avg 1.5
    EXPECT_EQ(b.read("r.avg_queue_size"), "1.5\n");
}

TEST(RED, NoDropsBelowMinThresh) {
    auto b = red_before_full_queue("10, 20, 1.0, STABILITY 0", 9);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(dropped_indices(b, 1000).empty());
    EXPECT_EQ(b.read("r.drops"), "0\n");
}

TEST(RED, EverythingDroppedFromTwiceMaxThresh) {
    auto b = red_before_full_queue("10, 20, 0.1, STABILITY 0", 40);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(dropped_indices(b, 50).size(), 50u);
    EXPECT_EQ(b.read("r.drops"), "50\n");
    // Batches too, in order, on output 1.
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    auto got = b.get<TestCollect>("drop")->data();
    EXPECT_EQ(std::vector<std::string>(got.end() - 3, got.end()), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(b.read("r.drops"), "53\n");
}

TEST(RED, LinearRegionSpreadsDropsEvenly) {
    // avg 15 between 10 and 20 with MAX_P 0.2: p_b = 0.1. After 9 packets passed, the next
    // is certain to drop, so gaps between drops are 1 to 10 packets, uniformly: on average
    // 5.5, a drop rate of 2 p_b / (1 + p_b) = 0.1818.
    auto b = red_before_full_queue("10, 20, 0.2, STABILITY 0, SEED 1", 15);
    ASSERT_TRUE(b.router) << b.errors;
    const int n = 20000;
    auto drops = dropped_indices(b, n);
    ASSERT_FALSE(drops.empty());
    EXPECT_LT(drops[0], 10);
    int longest = 0;
    std::vector<int> gap_counts(11, 0);
    for (size_t i = 1; i < drops.size(); ++i) {
        int gap = drops[i] - drops[i - 1];
        longest = std::max(longest, gap);
        if (gap <= 10) ++gap_counts[gap];
    }
    EXPECT_LE(longest, 10);
    double rate = double(drops.size()) / n;
    EXPECT_NEAR(rate, 0.2 / 1.1, 0.01);
    // Each gap length 1..10 about equally often (a tenth of the gaps each).
    for (int g = 1; g <= 10; ++g) EXPECT_NEAR(double(gap_counts[g]) / (drops.size() - 1), 0.1, 0.02) << g;
    EXPECT_EQ(b.read("r.drops"), std::to_string(drops.size()) + "\n");
}

TEST(RED, GentleRegion) {
    // avg 30 between MAX_THRESH 20 and 40: p_b = 0.2 + 0.8 * (30 - 20) / 20 = 0.6. A packet
    // after a drop goes with probability 0.6; the one after it surely: gaps of 1 (60%) or 2,
    // mean 1.4, drop rate 1 / 1.4 = 0.714.
    auto b = red_before_full_queue("10, 20, 0.2, STABILITY 0, SEED 7", 30);
    ASSERT_TRUE(b.router) << b.errors;
    auto drops = dropped_indices(b, 10000);
    for (size_t i = 1; i < drops.size(); ++i) ASSERT_LE(drops[i] - drops[i - 1], 2);
    EXPECT_NEAR(double(drops.size()) / 10000, 1 / 1.4, 0.02);
}

TEST(RED, SameSeedSameDrops) {
    auto a = red_before_full_queue("10, 20, 0.5, STABILITY 0, SEED 42", 14);
    auto b = red_before_full_queue("10, 20, 0.5, STABILITY 0, SEED 42", 14);
    auto c = red_before_full_queue("10, 20, 0.5, STABILITY 0, SEED 43", 14);
    ASSERT_TRUE(a.router && b.router && c.router);
    auto da = dropped_indices(a, 2000), db = dropped_indices(b, 2000), dc = dropped_indices(c, 2000);
    EXPECT_EQ(da, db);
    EXPECT_NE(da, dc);
    // p_b = 0.5 * 4 / 10 = 0.2: rate 2 * 0.2 / 1.2.
    EXPECT_NEAR(double(da.size()) / 2000, 0.4 / 1.2, 0.03);
}

TEST(RED, MaxPZeroNeverDropsBelowMaxThresh) {
    auto b = red_before_full_queue("10, 20, 0, STABILITY 0", 19);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(dropped_indices(b, 1000).empty());
}

TEST(RED, WithoutOutput1DropsAreFreed) {
    auto b =
        build("in :: TestInject -> r :: RED(1, 2, 0.5, STABILITY 0) -> q :: Queue(4) -> Idle; f :: TestInject -> q;");
    ASSERT_TRUE(b.router) << b.errors;
    fill(b, "f", 4);
    b.get<TestInject>("in")->send("x");
    b.get<TestInject>("in")->send_batch({"y", "z"});
    EXPECT_EQ(b.read("r.drops"), "3\n");
}

TEST(RED, PullPathWatchesTheQueueUpstream) {
    auto b = build(
        "in :: TestInject -> q :: Queue(100) -> r :: RED(0, 1, 0, STABILITY 0) -> u :: Unqueue(BURST 100) -> out :: "
        "TestCollect; r[1] -> drop :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("r.queues"), "q\n");
    for (int i = 1; i <= 10; ++i) b.get<TestInject>("in")->send(std::to_string(i));
    b.router->run_for(100'000'000);
    // Packet k leaves 10 - k behind it: 2 or more (twice MAX_THRESH) drops it; 1 is at
    // MAX_THRESH where p_b = MAX_P = 0, 0 below it.
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"9", "10"}));
    EXPECT_EQ(b.get<TestCollect>("drop")->data().size(), 8u);
}

TEST(RED, FindsQueuesThroughTheGraph) {
    auto b = build(
        "in :: TestInject -> r :: RED(5, 10, 0.1) -> c :: Counter -> t :: Tee(2);"
        "t[0] -> q1 :: Queue -> Idle; t[1] -> q2 :: Queue -> Idle;"
        "f1 :: TestInject -> q1; f2 :: TestInject -> q2;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("r.queues"), "q1\nq2\n");
    fill(b, "f1", 3);
    fill(b, "f2", 4);
    EXPECT_EQ(b.read("r.stats"), "7 current queue\n0 avg queue\n0 drops\n");

    auto s = build("in :: TestInject -> r :: RED(5, 10, 0.1, STABILITY 0) -> s :: TestStorage -> Idle;");
    ASSERT_TRUE(s.router) << s.errors;
    EXPECT_EQ(s.read("r.queues"), "s\n");
    EXPECT_EQ(s.write("s.length", "7"), "");
    s.get<TestInject>("in")->send("x");
    EXPECT_EQ(s.read("r.avg_queue_size"), "7\n");

    auto k = build(
        "in :: TestInject -> r :: RED(5, 10, 0.1, QUEUES qb qa) -> qa :: Queue -> Idle; qb :: Queue -> Idle;"
        "f :: TestInject -> qb;");
    ASSERT_TRUE(k.router) << k.errors;
    EXPECT_EQ(k.read("r.queues"), "qb\nqa\n");
    auto q = build("in :: TestInject -> r :: RED(5, 10, 0.1, \"qa\") -> qa :: Queue -> Idle;");
    ASSERT_TRUE(q.router) << q.errors;
    EXPECT_EQ(q.read("r.queues"), "qa\n");
}

TEST(RED, Handlers) {
    auto b = red_before_full_queue("10, 20, 0.2, STABILITY 0, SEED 3", 25);
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("r.min_thresh"), "10\n");
    EXPECT_EQ(b.read("r.max_thresh"), "20\n");
    EXPECT_EQ(b.read("r.max_p"), "0.2\n");
    EXPECT_EQ(b.read("r.queues"), "q\n");
    EXPECT_EQ(b.write("r.min_thresh", "25"), "min_thresh: must not exceed max_thresh (20)");
    EXPECT_EQ(b.write("r.max_thresh", "5"), "max_thresh: must be at least min_thresh (10)");
    EXPECT_EQ(b.write("r.max_p", "1.5"), "max_p: expected real number between 0 and 1");
    EXPECT_EQ(b.write("r.min_thresh", "x"), "min_thresh: expected integer");
    EXPECT_EQ(b.read("r.min_thresh"), "10\n");
    EXPECT_EQ(b.read("r.max_thresh"), "20\n");
    EXPECT_EQ(b.read("r.max_p"), "0.2\n");
    // Raising the thresholds above the queue length stops the drops.
    EXPECT_EQ(b.write("r.max_thresh", "40"), "");
    EXPECT_EQ(b.write("r.min_thresh", "30"), "");
    EXPECT_EQ(b.write("r.max_p", "0.5"), "");
    EXPECT_EQ(b.read("r.max_p"), "0.5\n");
    EXPECT_TRUE(dropped_indices(b, 100).empty());
    // Lowering MAX_THRESH so that 25 >= 2 * 12 drops everything.
    EXPECT_EQ(b.write("r.min_thresh", "0"), "");
    EXPECT_EQ(b.write("r.max_thresh", "12"), "");
    b.get<TestInject>("in")->send("last");
    EXPECT_EQ(b.get<TestCollect>("drop")->data(), std::vector<std::string>{"last"});
    EXPECT_EQ(b.read("r.drops"), "1\n");
    EXPECT_EQ(b.read("r.avg_queue_size"), "25\n");
}

TEST(RED, HotSwapKeepsTheAverage) {
    auto a = build("in :: TestInject -> r :: RED(100, 200, 0.1, STABILITY 1) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(a.router) << a.errors;
    fill(a, "in", 5);
    auto b = build("in :: TestInject -> r :: RED(100, 200, 0.1, STABILITY 1) -> q :: Queue(1000) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    CollectingErrorHandler errh;
    b.router->take_state_from(*a.router, &errh);
    EXPECT_EQ(b.read("r.avg_queue_size"), "3.0625\n");
}

TEST(RED, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> RED(1, 2) -> Queue -> Idle;"),
              "test.click:1:15: RED@2 :: RED: missing mandatory MAX_P argument\n");
    EXPECT_EQ(errors_of("TestInject -> RED(20, 10, 0.1) -> Queue -> Idle;"),
              "test.click:1:15: RED@2 :: RED: MIN_THRESH (20) must not exceed MAX_THRESH (10)\n");
    EXPECT_EQ(errors_of("TestInject -> RED(1, 2, 1.5) -> Queue -> Idle;"),
              "test.click:1:25: RED@2 :: RED: MAX_P: expected real number between 0 and 1\n");
    EXPECT_EQ(errors_of("TestInject -> RED(1, 2, 0.5, STABILITY 32) -> Queue -> Idle;"),
              "test.click:1:15: RED@2 :: RED: STABILITY must be at most 31\n");
    EXPECT_EQ(errors_of("TestInject -> RED(1, 2, 0.5) -> TestCollect;"),
              "test.click:1:15: RED@2 :: RED: no queue downstream of output 0\n");
    EXPECT_EQ(errors_of("in :: TestInject -> RED(1, 2, 0.5, QUEUES nothere in) -> Queue -> Idle;"),
              "test.click:1:21: RED@2 :: RED: QUEUES: no element named 'nothere'\n"
              "test.click:1:21: RED@2 :: RED: QUEUES: 'in' is not a queue\n");
}
