// Print: the expected lines are written by hand from the documented format
// ("LABEL: LENGTH | hex in 4-byte groups").
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

std::string printed(const std::string& config, const std::vector<std::string>& packets) {
    auto b = build("in :: TestInject -> " + config + " -> out :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return "";
    ::testing::internal::CaptureStderr();
    for (const auto& s : packets) b.get<TestInject>("in")->send(s);
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(b.get<TestCollect>("out")->data(), packets);  // passed on unchanged
    return err;
}

}  // namespace

TEST(Print, LabelLengthAndHex) {
    EXPECT_EQ(printed("Print(ok)", {unhex("0001020304050607 08"), ""}),
              "ok:    9 | 00010203 04050607 08\n"
              "ok:    0\n");
}

TEST(Print, NoLabelAndDefaultMaxLength) {
    std::string data(30, '\x11');
    EXPECT_EQ(printed("Print", {data}), "  30 | 11111111 11111111 11111111 11111111 11111111 11111111\n");
}

TEST(Print, MaxLengthAndContents) {
    EXPECT_EQ(printed("Print(x, 3)", {"abcdef"}), "x:    6 | 616263\n");
    EXPECT_EQ(printed("Print(x, MAXLENGTH -1)", {std::string(9, 'a')}), "x:    9 | 61616161 61616161 61\n");
    EXPECT_EQ(printed("Print(x, CONTENTS ASCII)", {std::string("hi\x01\n!", 5)}), "x:    5 | hi..!\n");
    EXPECT_EQ(printed("Print(x, CONTENTS NONE)", {"abc"}), "x:    3\n");
    EXPECT_EQ(printed("Print(x, CONTENTS hex, MAXLENGTH 0)", {"abc"}), "x:    3\n");
}

TEST(Print, TimestampHeadroomAndAnnotations) {
    auto b = build(
        "in :: TestInject -> Print(t, TIMESTAMP true, HEADROOM true, MAXLENGTH 2) -> out :: TestCollect;"
        "in2 :: TestInject -> Print(PRINTANNO true, CONTENTS NONE) -> TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    Packet* p = Packet::make(10, "abc", 3, 5);
    p->set_timestamp_anno(Timestamp{1234567890123456789});
    uint32_t p_tailroom = p->tailroom();  // at least 5: pool buffers have more
    Packet* q = Packet::make("z", 1);
    q->set_paint_anno(0xab);
    ::testing::internal::CaptureStderr();
    b.get<TestInject>("in")->send(p);
    b.get<TestInject>("in2")->send(q);
    // 48 annotation bytes; the paint byte is the fifth.
    std::string anno = "00000000 ab000000";
    for (int i = 0; i < 10; ++i) anno += " 00000000";
    EXPECT_EQ(
        ::testing::internal::GetCapturedStderr(),
        "t: 1234567890.123456:    3 (h10 t" + std::to_string(p_tailroom) + ") | 6162\n" + "   1 | " + anno + "\n");
}

TEST(Print, ActiveHandler) {
    auto b = build("in :: TestInject -> p :: Print(q, ACTIVE false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.read("p.active"), "false\n");
    EXPECT_EQ(b.write("p.active", "true"), "");
    b.get<TestInject>("in")->send("b");
    EXPECT_EQ(b.write("p.active", "sometimes"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("p.active"), "true\n");
    b.get<TestInject>("in")->send("c");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "q:    1 | 62\nq:    1 | 63\n");
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Print, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Print(x, CONTENTS BINARY) -> TestCollect;"),
              "test.click:1:15: Print@2 :: Print: CONTENTS must be NONE, HEX or ASCII, found 'BINARY'\n");
    EXPECT_EQ(errors_of("TestInject -> Print(x, many) -> TestCollect;"),
              "test.click:1:24: Print@2 :: Print: MAXLENGTH: expected integer\n");
    EXPECT_EQ(errors_of("TestInject -> Print(x, 3, COLOR red) -> TestCollect;"),
              "test.click:1:27: Print@2 :: Print: unknown keyword 'COLOR'\n");
}
