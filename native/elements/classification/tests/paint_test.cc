// Paint, PaintSwitch, PaintTee: annotations and outputs derived from their documentation.
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

}  // namespace

TEST(Paint, SetsThePaintAnnotation) {
    auto b = build("in :: TestInject -> p :: Paint(7) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    b.get<TestInject>("in")->send_batch({"b", "c"});
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 3u);
    for (Packet* p : got) EXPECT_EQ(p->paint_anno(), 7);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Paint, OtherAnnotation) {
    auto b = build("in :: TestInject -> Paint(9, 30) -> Paint(4, PAINT) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    Packet* p = b.get<TestCollect>("out")->packets.at(0);
    EXPECT_EQ(p->anno()[30], 9);
    EXPECT_EQ(p->paint_anno(), 4);
}

TEST(Paint, ColorHandler) {
    auto b = build("in :: TestInject -> p :: Paint(1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("p.color"), "1\n");
    EXPECT_EQ(b.write("p.color", "200"), "");
    EXPECT_EQ(b.read("p.color"), "200\n");
    EXPECT_EQ(b.write("p.color", "256"), "color: integer out of range (0 to 255)");
    EXPECT_EQ(b.write("p.color", "red"), "color: expected integer");
    EXPECT_EQ(b.read("p.color"), "200\n");
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.get<TestCollect>("out")->packets.at(0)->paint_anno(), 200);
}

TEST(Paint, PullPath) {
    auto b = build("in :: TestInject -> q :: Queue -> Paint(3) -> Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b"});
    b.router->run_for(50'000'000);
    auto& got = b.get<TestCollect>("out")->packets;
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1]->paint_anno(), 3);
}

TEST(Paint, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Paint(256) -> TestCollect;"),
              "test.click:1:21: Paint@2 :: Paint: COLOR: integer out of range (0 to 255)\n");
    EXPECT_EQ(errors_of("TestInject -> Paint -> TestCollect;"),
              "test.click:1:15: Paint@2 :: Paint: missing mandatory COLOR argument\n");
    EXPECT_EQ(errors_of("TestInject -> Paint(1, COLOUR) -> TestCollect;"),
              "test.click:1:24: Paint@2 :: Paint: ANNO: expected annotation name (PAINT, DST_IP, ...) or offset below "
              "48\n");
}

TEST(PaintSwitch, PaintNamesTheOutput) {
    auto b = build(
        "in :: TestInject -> ps :: PaintSwitch; ps[0] -> o0 :: TestCollect; ps[1] -> o1 :: TestCollect; ps[2] -> o2 "
        ":: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(painted("two", 2));
    in->send(painted("zero", 0));
    in->send(painted("none", 3));     // no output 3: dropped
    in->send(painted("every", 255));  // a copy to each output
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{"zero", "every"}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"every"}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), (std::vector<std::string>{"two", "every"}));
}

TEST(PaintSwitch, BatchesAndOtherAnnotation) {
    auto b =
        build("in :: TestInject -> ps :: PaintSwitch(20); ps[0] -> o0 :: TestCollect; ps[1] -> o1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    PacketBatch batch;
    batch.append(painted("a", 1, 20));
    batch.append(painted("b", 0, 20));
    batch.append(painted("c", 255, 20));
    batch.append(painted("d", 9, 20));
    Packet* e = painted("e", 1, 20);
    e->set_paint_anno(0);  // the PAINT byte is not what this PaintSwitch reads
    batch.append(e);
    b.get<TestInject>("in")->output(0).push_batch(batch);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{"b", "c"}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"a", "c", "e"}));
    EXPECT_EQ(errors_of("TestInject -> PaintSwitch(NOPE) -> TestCollect;"),
              "test.click:1:27: PaintSwitch@2 :: PaintSwitch: ANNO: expected annotation name (PAINT, DST_IP, ...) or "
              "offset below 48\n");
}

TEST(PaintTee, CopiesOneColor) {
    auto b = build("in :: TestInject -> pt :: PaintTee(5) -> out :: TestCollect; pt[1] -> copies :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(painted("five", 5));
    in->send(painted("four", 4));
    PacketBatch batch;
    batch.append(painted("b5", 5));
    batch.append(painted("b0", 0));
    batch.append(painted("c5", 5));
    in->output(0).push_batch(batch);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"five", "four", "b5", "b0", "c5"}));
    EXPECT_EQ(b.get<TestCollect>("copies")->data(), (std::vector<std::string>{"five", "b5", "c5"}));
    // The copy shares the data but is another packet.
    EXPECT_NE(b.get<TestCollect>("copies")->packets[0], b.get<TestCollect>("out")->packets[0]);
}

TEST(PaintTee, ColorHandlerAndAnnotation) {
    auto b = build("in :: TestInject -> pt :: PaintTee(1, 40) -> out :: TestCollect; pt[1] -> copies :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("pt.color"), "1\n");
    EXPECT_EQ(b.write("pt.color", "-2"), "color: expected unsigned integer");
    EXPECT_EQ(b.read("pt.color"), "1\n");
    EXPECT_EQ(b.write("pt.color", "6"), "");
    b.get<TestInject>("in")->send(painted("p6", 6));      // paint 6, but byte 40 is 0
    b.get<TestInject>("in")->send(painted("a6", 6, 40));  // byte 40 is 6
    EXPECT_EQ(b.get<TestCollect>("copies")->data(), (std::vector<std::string>{"a6"}));
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 2u);
    EXPECT_EQ(errors_of("TestInject -> pt :: PaintTee -> TestCollect; pt[1] -> TestCollect;"),
              "test.click:1:15: pt :: PaintTee: missing mandatory COLOR argument\n");
}

TEST(PaintTee, PullPathPushesCopies) {
    auto b = build(
        "in :: TestInject -> Queue -> pt :: PaintTee(2) -> Unqueue -> out :: TestCollect; pt[1] -> copies :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(painted("x", 2));
    b.get<TestInject>("in")->send(painted("y", 3));
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(b.get<TestCollect>("copies")->data(), (std::vector<std::string>{"x"}));
}
