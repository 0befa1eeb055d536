// Bypass, PushNull, PullNull, Hub and Clipboard: where each packet goes and what it carries.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
std::string pulled(Element* e, int port = 0) {
    Packet* p = e->pull(port);
    if (!p) return "(none)";
    std::string s(reinterpret_cast<const char*>(p->data()), p->length());
    p->kill();
    return s;
}
}  // namespace

TEST(Bypass, PushTakesTheSidePathWhileActive) {
    auto b = build(
        "in :: TestInject -> by :: Bypass -> main :: TestCollect; by[1] -> side :: TestCollect; "
        "back :: TestInject -> [1] by;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("1");
    EXPECT_EQ(b.read("by.active"), "false\n");
    EXPECT_EQ(b.write("by.active", "true"), "");
    b.get<TestInject>("in")->send("2");
    b.get<TestInject>("in")->send_batch({"3", "4"});
    b.get<TestInject>("back")->send("r");  // input 1 always rejoins output 0
    EXPECT_EQ(b.write("by.active", "false"), "");
    b.get<TestInject>("in")->send_batch({"5"});
    EXPECT_EQ(b.get<TestCollect>("main")->data(), (std::vector<std::string>{"1", "r", "5"}));
    EXPECT_EQ(b.get<TestCollect>("side")->data(), (std::vector<std::string>{"2", "3", "4"}));
    EXPECT_EQ(b.write("by.active", "sometimes"), "active: expected boolean (true/false)");
}

TEST(Bypass, PullAnswersFromInputOneWhileActive) {
    auto b = build(
        "m :: TestInject -> qm :: Queue -> by :: Bypass -> Idle; s :: TestInject -> qs :: Queue -> [1] by; "
        "by[1] -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("m")->send_batch({"m1", "m2", "m3"});
    b.get<TestInject>("s")->send_batch({"s1"});
    EXPECT_EQ(pulled(b["by"]), "m1");
    EXPECT_EQ(pulled(b["by"], 1), "m2");  // output 1 always draws on input 0
    EXPECT_EQ(b.write("by.active", "1"), "");
    EXPECT_EQ(pulled(b["by"]), "s1");
    EXPECT_EQ(pulled(b["by"]), "(none)");
    EXPECT_EQ(pulled(b["by"], 1), "m3");
}

TEST(Bypass, ActiveWithoutASidePathDropsOrGivesNothing) {
    auto b = build("in :: TestInject -> by :: Bypass(true, INLINE true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("x");
    b.get<TestInject>("in")->send_batch({"y"});
    EXPECT_TRUE(b.get<TestCollect>("out")->packets.empty());
    auto p = build("in :: TestInject -> q :: Queue -> by :: Bypass(ACTIVE true) -> Idle;");
    ASSERT_TRUE(p.router) << p.errors;
    p.get<TestInject>("in")->send("x");
    EXPECT_EQ(pulled(p["by"]), "(none)");
    EXPECT_EQ(p.read("q.length"), "1\n");
    EXPECT_EQ(errors_of("TestInject -> by :: Bypass(perhaps) -> Discard;"),
              "test.click:1:28: by :: Bypass: ACTIVE: expected boolean (true/false)\n");
    EXPECT_EQ(errors_of("TestInject -> by :: Bypass(INLINE 2) -> Discard;"),
              "test.click:1:28: by :: Bypass: INLINE: expected boolean (true/false)\n");
}

TEST(PushNullPullNull, PassPacketsInTheirOwnMode) {
    auto b = build("in :: TestInject -> PushNull -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    b.get<TestInject>("in")->send_batch({"b", "c"});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
    auto p = build("in :: TestInject -> q :: Queue -> n :: PullNull -> Idle;");
    ASSERT_TRUE(p.router) << p.errors;
    p.get<TestInject>("in")->send_batch({"x", "y"});
    EXPECT_EQ(pulled(p["n"]), "x");
    EXPECT_EQ(pulled(p["n"]), "y");
    EXPECT_EQ(pulled(p["n"]), "(none)");
    // Each fixes its mode: a PushNull after a Queue, a PullNull before a push sink, are errors.
    EXPECT_NE(errors_of("TestInject -> Queue -> PushNull -> Idle;"), "");
    EXPECT_NE(errors_of("TestInject -> PullNull -> Discard;"), "");
    EXPECT_EQ(errors_of("TestInject -> n :: PushNull(1) -> Discard;"),
              "test.click:1:29: n :: PushNull: too many arguments: '1' is not expected here\n");
}

TEST(Hub, CopiesToEveryOutputButItsOwnNumber) {
    auto b = build(
        "i0 :: TestInject -> [0] h :: Hub; i1 :: TestInject -> [1] h; i2 :: TestInject -> [2] h; "
        "h[0] -> o0 :: TestCollect; h[1] -> o1 :: TestCollect; h[2] -> o2 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i1")->send("from1");
    b.get<TestInject>("i0")->send("from0");
    b.get<TestInject>("i2")->send_batch({"from2"});
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{"from1", "from2"}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"from0", "from2"}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), (std::vector<std::string>{"from1", "from0"}));
    // One port: nowhere to go but back, so the packet is dropped.
    auto one = build("in :: TestInject -> h :: Hub -> out :: TestCollect;");
    ASSERT_TRUE(one.router) << one.errors;
    one.get<TestInject>("in")->send("x");
    EXPECT_TRUE(one.get<TestCollect>("out")->packets.empty());
    // As many outputs as inputs.
    EXPECT_NE(errors_of("TestInject -> h :: Hub; h[0] -> Discard; h[1] -> Discard;"), "");
}

TEST(Clipboard, CopiesRangesFromInputZeroIntoInputOne) {
    auto b = build(
        "src :: TestInject -> [0] c :: Clipboard(0/2, 4/1); c[0] -> copied :: TestCollect; "
        "dst :: TestInject -> [1] c; c[1] -> pasted :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* src = b.get<TestInject>("src");
    auto* dst = b.get<TestInject>("dst");
    dst->send("uvwxyz");  // nothing copied yet: zeros
    src->send("ABCDEF");
    dst->send("uvwxyz");
    dst->send("0123456789");
    dst->send("uvw");  // too short for 4/1: unchanged
    src->send("GH");   // too short: the clipboard keeps "AB" and "E"
    dst->send("......");
    EXPECT_EQ(b.get<TestCollect>("copied")->data(), (std::vector<std::string>{"ABCDEF", "GH"}));
    EXPECT_EQ(b.get<TestCollect>("pasted")->data(),
              (std::vector<std::string>{std::string("\0\0wx\0z", 6), "ABwxEz", "AB23E56789", "uvw", "AB..E."}));
}

TEST(Clipboard, PullModeAndSharedPackets) {
    auto b = build(
        "s :: TestInject -> qs :: Queue -> [0] c :: Clipboard(1/3) -> Idle; "
        "d :: TestInject -> t :: Tee(2); t[0] -> orig :: TestCollect; t[1] -> qd :: Queue -> [1] c; c[1] -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("s")->send("-KEY-");
    b.get<TestInject>("d")->send("abcdef");
    EXPECT_EQ(pulled(b["c"], 0), "-KEY-");
    EXPECT_EQ(pulled(b["c"], 1), "aKEYef");
    // The clone the Tee kept is not written through.
    EXPECT_EQ(b.get<TestCollect>("orig")->data(), (std::vector<std::string>{"abcdef"}));
    EXPECT_EQ(pulled(b["c"], 1), "(none)");
}

TEST(Clipboard, BadArguments) {
    const std::string wiring = " c[0] -> Discard; TestInject -> [1] c; c[1] -> Discard;";
    EXPECT_EQ(errors_of("TestInject -> c :: Clipboard;" + wiring),
              "test.click:1:15: c :: Clipboard: expected at least one RANGE (OFFSET/LENGTH)\n");
    EXPECT_EQ(errors_of("TestInject -> c :: Clipboard(0/2, 4);" + wiring),
              "test.click:1:35: c :: Clipboard: RANGE: expected OFFSET/LENGTH, for example 12/4, not '4'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: Clipboard(x/1);" + wiring),
              "test.click:1:30: c :: Clipboard: RANGE: expected OFFSET/LENGTH, for example 12/4, not 'x/1'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: Clipboard(65530/10);" + wiring),
              "test.click:1:30: c :: Clipboard: RANGE: '65530/10' ends past byte 65535\n");
}
