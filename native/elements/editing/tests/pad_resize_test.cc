// Pad and Resize: lengths and bytes worked out by hand from the documented semantics.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
std::vector<std::string> through(const std::string& element, const std::vector<std::string>& in) {
    auto b = build("in :: TestInject -> " + element + " -> out :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return {};
    b.get<TestInject>("in")->send_batch(in);
    return b.get<TestCollect>("out")->data();
}
}  // namespace

TEST(Pad, ExtendsShortPacketsWithZeros) {
    std::string sixty(60, 'x');
    auto got = through("Pad(60)", {"abc", sixty, sixty + "y", ""});
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0], "abc" + std::string(57, '\0'));
    EXPECT_EQ(got[1], sixty);
    EXPECT_EQ(got[2], sixty + "y");
    EXPECT_EQ(got[3], std::string(60, '\0'));
    // Without LENGTH there is no extra length to restore: packets pass unchanged.
    EXPECT_EQ(through("Pad", {"abc"}), std::vector<std::string>{"abc"});
}

TEST(Pad, ZeroFalseLeavesTheLengthRight) {
    auto got = through("Pad(10, ZERO false)", {"abc"});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].size(), 10u);
    EXPECT_EQ(got[0].substr(0, 3), "abc");
}

TEST(Pad, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> p :: Pad(4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("p.length"), "4\n");
    EXPECT_EQ(b.read("p.zero"), "true\n");
    EXPECT_EQ(b.write("p.length", "6"), "");
    EXPECT_EQ(b.write("p.length", "70000"), "length: must be at most 65535");
    EXPECT_EQ(b.write("p.zero", "maybe"), "zero: expected boolean (true/false)");
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{"a" + std::string(5, '\0')});
    EXPECT_EQ(errors_of("TestInject -> Pad(-1) -> TestCollect;"),
              "test.click:1:19: Pad@2 :: Pad: LENGTH: expected unsigned integer\n");
    EXPECT_EQ(errors_of("TestInject -> Pad(70000) -> TestCollect;"),
              "test.click:1:15: Pad@2 :: Pad: LENGTH must be at most 65535\n");
}

TEST(Resize, AddsAndRemovesAtBothEnds) {
    auto got = through("Resize(-2, -1)", {"abcdef", "ab", ""});
    EXPECT_EQ(got, (std::vector<std::string>{"cde", "", ""}));
    got = through("Resize(3, 2)", {"abc"});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].size(), 8u);
    EXPECT_EQ(got[0].substr(3, 3), "abc");
    got = through("Resize(2, -2)", {"abcd"});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].size(), 4u);
    EXPECT_EQ(got[0].substr(2), "ab");
    // More room than the headroom: the packet is copied, its bytes kept.
    got = through("Resize(200, 0)", {"xyz"});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].size(), 203u);
    EXPECT_EQ(got[0].substr(200), "xyz");
}

TEST(Resize, HandlersAndBadArguments) {
    auto b = build("in :: TestInject -> r :: Resize(0, 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("r.head", "-1"), "");
    EXPECT_EQ(b.write("r.tail", "70000"), "tail: must be between -65535 and 65535");
    EXPECT_EQ(b.read("r.head"), "-1\n");
    EXPECT_EQ(b.read("r.tail"), "0\n");
    b.get<TestInject>("in")->send("abc");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{"bc"});
    EXPECT_EQ(errors_of("TestInject -> Resize(1) -> TestCollect;"),
              "test.click:1:15: Resize@2 :: Resize: missing mandatory TAIL argument\n");
    EXPECT_EQ(errors_of("TestInject -> Resize(1, x) -> TestCollect;"),
              "test.click:1:25: Resize@2 :: Resize: TAIL: expected integer\n");
}
