// PullSwitch, SimplePullSwitch and InputSwitch: which input answers, the switch handler, and
// (PullSwitch) sleeping on the selected input's notifier alone.
#include <gtest/gtest.h>

#include "clickos/notifier.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
std::string pulled(Element* e) {
    Packet* p = e->pull(0);
    if (!p) return "(none)";
    std::string s(reinterpret_cast<const char*>(p->data()), p->length());
    p->kill();
    return s;
}

// Two queues feeding `cls`, pulled directly by the test; the output goes to Idle.
std::string two_queues(const std::string& cls) {
    return "a :: TestInject -> qa :: Queue -> [0] s :: " + cls + " -> Idle; b :: TestInject -> qb :: Queue -> [1] s;";
}
const char* const keep_running = " InfiniteSource(ACTIVE false) -> Unqueue -> Discard;";
}  // namespace

TEST(PullSwitch, PullsFromTheSelectedInputOnly) {
    auto b = build(two_queues("PullSwitch(1)"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("a")->send_batch({"a1", "a2"});
    b.get<TestInject>("b")->send_batch({"b1"});
    EXPECT_EQ(pulled(b["s"]), "b1");
    EXPECT_EQ(pulled(b["s"]), "(none)");  // input 1 is empty; input 0 is not asked
    EXPECT_EQ(b.read("qa.length"), "2\n");
    EXPECT_EQ(b.write("s.switch", "0"), "");
    EXPECT_EQ(b.read("s.switch"), "0\n");
    EXPECT_EQ(pulled(b["s"]), "a1");
    EXPECT_EQ(b.write("s.switch", "-1"), "");
    EXPECT_EQ(pulled(b["s"]), "(none)");
    // Past the last input selects none, as in Click.
    EXPECT_EQ(b.write("s.switch", "7"), "");
    EXPECT_EQ(b.read("s.switch"), "-1\n");
    EXPECT_EQ(b.write("s.switch", "left"), "switch: expected integer");
    EXPECT_EQ(b.read("s.switch"), "-1\n");
    EXPECT_EQ(b.read("qa.length"), "1\n");
}

TEST(SimplePullSwitch, PullsFromTheSelectedInputOnly) {
    auto b = build(two_queues("SimplePullSwitch"));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("a")->send_batch({"a1"});
    b.get<TestInject>("b")->send_batch({"b1", "b2"});
    EXPECT_EQ(b.read("s.switch"), "0\n");
    EXPECT_EQ(pulled(b["s"]), "a1");
    EXPECT_EQ(pulled(b["s"]), "(none)");
    EXPECT_EQ(b.write("s.switch", "1"), "");
    EXPECT_EQ(pulled(b["s"]), "b1");
    EXPECT_EQ(pulled(b["s"]), "b2");
    EXPECT_EQ(pulled(b["s"]), "(none)");
    // No notifier of its own: pullers look through it at every input.
    EXPECT_EQ(b["s"]->cast(ActiveNotifier::empty_name), nullptr);
}

TEST(PullSwitch, PullerSleepsOnTheSelectedInputAlone) {
    auto b = build(
        "a :: TestInject -> qa :: Queue -> [0] s :: PullSwitch(0) -> u :: Unqueue(BURST 8) -> out :: TestCollect; "
        "b :: TestInject -> qb :: Queue -> [1] s;" +
        std::string(keep_running));
    ASSERT_TRUE(b.router) << b.errors;
    auto* out = b.get<TestCollect>("out");
    b.get<TestInject>("b")->send_batch({"b1", "b2"});  // packets on the unselected input
    b.router->run_for(30'000'000);
    EXPECT_TRUE(out->packets.empty());
    EXPECT_EQ(b.read("u.scheduled"), "false\n");  // asleep although qb holds packets
    auto* note = static_cast<ActiveNotifier*>(b["s"]->cast(ActiveNotifier::empty_name));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->active());
    // A packet on the selected input wakes the puller.
    b.get<TestInject>("a")->send("a1");
    b.router->run_for(30'000'000);
    EXPECT_EQ(out->data(), (std::vector<std::string>{"a1"}));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    // Selecting the other input wakes it too.
    EXPECT_EQ(b.write("s.switch", "1"), "");
    b.router->run_for(30'000'000);
    EXPECT_EQ(out->data(), (std::vector<std::string>{"a1", "b1", "b2"}));
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
    // No input selected: asleep whatever arrives.
    EXPECT_EQ(b.write("s.switch", "-1"), "");
    b.get<TestInject>("a")->send("a2");
    b.get<TestInject>("b")->send("b3");
    b.router->run_for(30'000'000);
    EXPECT_EQ(out->packets.size(), 3u);
    EXPECT_EQ(b.read("u.scheduled"), "false\n");
}

TEST(InputSwitch, PassesTheSelectedInputAndDropsTheOthers) {
    auto b = build("a :: TestInject -> [0] s :: InputSwitch(1) -> out :: TestCollect; b :: TestInject -> [1] s;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* a = b.get<TestInject>("a");
    auto* in1 = b.get<TestInject>("b");
    a->send("a1");
    in1->send("b1");
    in1->send_batch({"b2", "b3"});
    a->send_batch({"a2"});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"b1", "b2", "b3"}));
    EXPECT_EQ(b.write("s.switch", "0"), "");
    a->send("a3");
    in1->send("b4");
    EXPECT_EQ(b.get<TestCollect>("out")->data().back(), "a3");
    EXPECT_EQ(b.write("s.switch", "-3"), "");
    EXPECT_EQ(b.read("s.switch"), "-1\n");
    a->send("a4");
    in1->send("b5");
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 4u);
    EXPECT_EQ(b.read("s.icounts"), "4\n5\n");
}

TEST(Switches, BadArguments) {
    EXPECT_EQ(errors_of("a :: TestInject -> qa :: Queue -> s :: PullSwitch(2) -> Idle;"),
              "test.click:1:35: s :: PullSwitch: INPUT is 2 but there is 1 input\n");
    EXPECT_EQ(errors_of("a :: TestInject -> qa :: Queue -> s :: SimplePullSwitch(x) -> Idle;"),
              "test.click:1:57: s :: SimplePullSwitch: INPUT: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> [0] s :: InputSwitch(0, 1) -> Discard; TestInject -> [1] s;"),
              "test.click:1:39: s :: InputSwitch: too many arguments: '1' is not expected here\n");
    EXPECT_EQ(errors_of("TestInject -> [0] s :: InputSwitch(3) -> Discard; TestInject -> [1] s;"),
              "test.click:1:19: s :: InputSwitch: INPUT is 3 but there are 2 inputs\n");
    // PullSwitch is pull only.
    EXPECT_NE(errors_of("TestInject -> s :: PullSwitch -> Discard;"), "");
}
