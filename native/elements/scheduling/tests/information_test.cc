// ScheduleInfo (tickets from parameters, compounds scaling their components), AlignmentInfo
// (checked, answers queries, changes nothing) and RandomSeed (repeatable random numbers).
#include <gtest/gtest.h>

#include "clickos/random.hh"
#include "scheduling/alignmentinfo.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const char* const compound =
    "elementclass C { input -> i :: Unqueue -> output; ScheduleInfo(i 0.5); } "
    "Idle -> Queue -> c :: C -> Discard; ";
}  // namespace

TEST(ScheduleInfo, ParametersBecomeTickets) {
    auto b = build(
        "Idle -> Queue -> u :: Unqueue -> Discard; Idle -> Queue -> v :: Unqueue -> Discard; "
        "Idle -> Queue -> w :: Unqueue -> Discard; Idle -> Queue -> x :: Unqueue -> Discard; "
        "ScheduleInfo(u 2, w 100, x 0);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("u.tickets"), "2048\n");   // 2 x 1024
    EXPECT_EQ(b.read("v.tickets"), "1024\n");   // not mentioned: the default
    EXPECT_EQ(b.read("w.tickets"), "32768\n");  // at most 32768
    EXPECT_EQ(b.read("x.tickets"), "1\n");      // at least 1
}

TEST(ScheduleInfo, CompoundsScaleTheirComponents) {
    auto b = build(std::string(compound) + "ScheduleInfo(c 4);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("c/i.tickets"), "2048\n");  // 4 x 0.5
    auto inner_only = build(compound);
    ASSERT_TRUE(inner_only.router) << inner_only.errors;
    EXPECT_EQ(inner_only.read("c/i.tickets"), "512\n");
    // An outer ScheduleInfo naming the component overrides the compound's own.
    auto over = build(std::string(compound) + "ScheduleInfo(c 4, c/i 10.5);");
    ASSERT_TRUE(over.router) << over.errors;
    EXPECT_EQ(over.read("c/i.tickets"), "10752\n");
    // A compound without parameters for its components still scales them.
    auto scaled = build(
        "elementclass D { input -> j :: Unqueue -> output; } Idle -> Queue -> d :: D -> Discard; ScheduleInfo(d 3);");
    ASSERT_TRUE(scaled.router) << scaled.errors;
    EXPECT_EQ(scaled.read("d/j.tickets"), "3072\n");
}

TEST(ScheduleInfo, BadArguments) {
    EXPECT_EQ(errors_of("Idle -> Queue -> u :: Unqueue -> Discard; ScheduleInfo(nobody 2);"),
              "test.click:1:56: ScheduleInfo@5 :: ScheduleInfo: no element or compound named 'nobody'\n");
    EXPECT_EQ(errors_of("Idle -> Queue -> u :: Unqueue -> Discard; ScheduleInfo(u, u fast, u -1);"),
              "test.click:1:56: ScheduleInfo@5 :: ScheduleInfo: expected 'ELEMENT PARAM' with PARAM a non-negative "
              "number, not 'u'\n"
              "test.click:1:59: ScheduleInfo@5 :: ScheduleInfo: expected 'ELEMENT PARAM' with PARAM a non-negative "
              "number, not 'u fast'\n"
              "test.click:1:67: ScheduleInfo@5 :: ScheduleInfo: expected 'ELEMENT PARAM' with PARAM a non-negative "
              "number, not 'u -1'\n");
}

TEST(AlignmentInfo, ChecksAndAnswersButChangesNothing) {
    auto b = build("in :: TestInject -> n :: Null -> out :: TestCollect; a :: AlignmentInfo(n 4 2, out);");
    ASSERT_TRUE(b.router) << b.errors;
    auto* info = b.get<AlignmentInfo>("a");
    uint32_t modulus = 0, offset = 0;
    EXPECT_TRUE(info->query(b["n"], 0, modulus, offset));
    EXPECT_EQ(modulus, 4u);
    EXPECT_EQ(offset, 2u);
    EXPECT_FALSE(info->query(b["n"], 1, modulus, offset));
    EXPECT_FALSE(info->query(b["out"], 0, modulus, offset));
    b.get<TestInject>("in")->send("odd");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"odd"}));
    EXPECT_EQ(errors_of("TestInject -> n :: Null -> Discard; AlignmentInfo(m 4 0);"),
              "test.click:1:51: AlignmentInfo@4 :: AlignmentInfo: no element named 'm'\n");
    EXPECT_EQ(errors_of("TestInject -> n :: Null -> Discard; AlignmentInfo(n 4);"),
              "test.click:1:51: AlignmentInfo@4 :: AlignmentInfo: expected 'ELEMENT [MODULUS OFFSET ...]', not 'n "
              "4'\n");
    EXPECT_EQ(errors_of("TestInject -> n :: Null -> Discard; AlignmentInfo(n 4 4);"),
              "test.click:1:51: AlignmentInfo@4 :: AlignmentInfo: bad alignment '4 4': MODULUS must be positive and "
              "OFFSET smaller than MODULUS\n");
    EXPECT_EQ(errors_of("TestInject -> n :: Null -> Discard; AlignmentInfo(n 0 0);"),
              "test.click:1:51: AlignmentInfo@4 :: AlignmentInfo: bad alignment '0 0': MODULUS must be positive and "
              "OFFSET smaller than MODULUS\n");
}

TEST(RandomSeed, TheSameSeedGivesTheSameNumbers) {
    auto first = build("RandomSeed(42);");
    ASSERT_TRUE(first.router) << first.errors;
    uint64_t a1 = random64(), a2 = random64();
    auto again = build("r :: RandomSeed(SEED 42);");
    ASSERT_TRUE(again.router) << again.errors;
    EXPECT_EQ(random64(), a1);
    EXPECT_EQ(random64(), a2);
    auto other = build("RandomSeed(43);");
    ASSERT_TRUE(other.router) << other.errors;
    EXPECT_NE(random64(), a1);
    // The seed handler restarts the sequence.
    EXPECT_EQ(again.write("r.seed", "42"), "");
    EXPECT_EQ(random64(), a1);
    EXPECT_EQ(again.write("r.seed", ""), "");  // from the clock
    EXPECT_EQ(again.write("r.seed", "soon"), "seed: expected integer");
    EXPECT_EQ(again.read("r.seed"), "ERROR: handler 'r.seed' is not readable");
}

TEST(RandomSeed, BadArguments) {
    EXPECT_EQ(errors_of("r :: RandomSeed(-1);"), "test.click:1:17: r :: RandomSeed: SEED: expected unsigned integer\n");
    EXPECT_EQ(errors_of("r :: RandomSeed(1, 2);"),
              "test.click:1:20: r :: RandomSeed: too many arguments: '2' is not expected here\n");
}
