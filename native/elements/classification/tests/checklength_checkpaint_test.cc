// CheckLength and CheckPaint: which output each packet takes, from their documentation.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

Packet* painted(const std::string& data, uint8_t color, size_t anno_offset = anno::paint) {
    Packet* p = Packet::make(data.data(), uint32_t(data.size()));
    p->anno()[anno_offset] = color;
    return p;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(CheckLength, LongPacketsTakeOutputOne) {
    auto b = build("in :: TestInject -> c :: CheckLength(3) -> ok :: TestCollect; c[1] -> long :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send("");
    in->send("abc");   // exactly MAX: output 0
    in->send("abcd");  // one more: output 1
    in->send_batch({"xy", "12345", "z"});
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"", "abc", "xy", "z"}));
    EXPECT_EQ(b.get<TestCollect>("long")->data(), (Strings{"abcd", "12345"}));
}

TEST(CheckLength, DropsWithoutOutputOneAndPulls) {
    auto b = build("in :: TestInject -> q :: Queue -> c :: CheckLength(2) -> Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "abc", "ab", "abcdef"});
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (Strings{"a", "ab"}));
}

TEST(CheckLength, MaxHandlerAndBadArguments) {
    auto b = build("in :: TestInject -> c :: CheckLength(10) -> ok :: TestCollect; c[1] -> long :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("c.max"), "10\n");
    EXPECT_EQ(b.write("c.max", "1"), "");
    EXPECT_EQ(b.write("c.max", "-1"), "max: expected unsigned integer");
    EXPECT_EQ(b.read("c.max"), "1\n");
    b.get<TestInject>("in")->send("ab");
    EXPECT_EQ(b.get<TestCollect>("long")->data(), (Strings{"ab"}));
    EXPECT_EQ(errors_of("TestInject -> CheckLength -> TestCollect;"),
              "test.click:1:15: CheckLength@2 :: CheckLength: missing mandatory MAX argument\n");
    EXPECT_EQ(errors_of("TestInject -> CheckLength(big) -> TestCollect;"),
              "test.click:1:27: CheckLength@2 :: CheckLength: MAX: expected integer\n");
}

TEST(CheckPaint, OtherPaintsTakeOutputOne) {
    auto b = build("in :: TestInject -> c :: CheckPaint(2) -> ok :: TestCollect; c[1] -> other :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(painted("two", 2));
    in->send(painted("three", 3));
    PacketBatch batch;
    batch.append(painted("b0", 0));
    batch.append(painted("b2", 2));
    batch.append(painted("b255", 255));
    in->output(0).push_batch(batch);
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"two", "b2"}));
    EXPECT_EQ(b.get<TestCollect>("other")->data(), (Strings{"three", "b0", "b255"}));
}

TEST(CheckPaint, DropsWithoutOutputOneOtherAnnotationAndHandler) {
    auto b = build("in :: TestInject -> c :: CheckPaint(7, 30) -> ok :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(painted("seven-at-30", 7, 30));
    in->send(painted("seven-in-paint", 7));  // PAINT is not the byte this one reads
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"seven-at-30"}));
    EXPECT_EQ(b.read("c.color"), "7\n");
    EXPECT_EQ(b.write("c.color", "0"), "");
    in->send(painted("zero", 0, 31));  // byte 30 is 0
    EXPECT_EQ(b.get<TestCollect>("ok")->data(), (Strings{"seven-at-30", "zero"}));
    EXPECT_EQ(b.write("c.color", "300"), "color: integer out of range (0 to 255)");
}

TEST(CheckPaint, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> CheckPaint -> TestCollect;"),
              "test.click:1:15: CheckPaint@2 :: CheckPaint: missing mandatory COLOR argument\n");
    EXPECT_EQ(errors_of("TestInject -> CheckPaint(256) -> TestCollect;"),
              "test.click:1:26: CheckPaint@2 :: CheckPaint: COLOR: integer out of range (0 to 255)\n");
    EXPECT_EQ(errors_of("TestInject -> CheckPaint(1, 48) -> TestCollect;"),
              "test.click:1:29: CheckPaint@2 :: CheckPaint: ANNO: expected annotation name (PAINT, DST_IP, ...) or "
              "offset below 48\n");
}
