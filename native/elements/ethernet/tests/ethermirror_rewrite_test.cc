// EtherMirror and EtherRewrite: expected frames written by hand from the Ethernet header
// layout (destination, source, type).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {
const std::string frame = unhex("0a0b0c0d0e0f 010203040506 0800 45000014");
}

TEST(EtherMirror, SwapsAddresses) {
    auto b = build("in :: TestInject -> EtherMirror -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(frame);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]),
              "010203040506"
              "0a0b0c0d0e0f"
              "0800"
              "45000014");
}

TEST(EtherMirror, BatchesAndTwiceIsIdentity) {
    auto b = build("in :: TestInject -> EtherMirror -> EtherMirror -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> frames;
    for (int i = 0; i < 40; ++i) {
        std::string f = frame;
        f[0] = char(i);
        f[11] = char(100 + i);
        frames.push_back(f);
    }
    b.get<TestInject>("in")->send_batch(frames);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), frames);
}

TEST(EtherMirror, SharedFramesAreCopiedAndRuntsDropped) {
    auto b =
        build("in :: TestInject -> t :: Tee(2); t[0] -> EtherMirror -> m :: TestCollect; t[1] -> o :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({frame, frame.substr(0, 13), ""});
    EXPECT_EQ(hex(b.get<TestCollect>("m")->data().at(0)).substr(0, 24),
              "010203040506"
              "0a0b0c0d0e0f");
    EXPECT_EQ(b.get<TestCollect>("m")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o")->data(), (std::vector<std::string>{frame, frame.substr(0, 13), ""}));
}

TEST(EtherMirror, PullPath) {
    auto b = build("in :: TestInject -> q :: Queue -> EtherMirror -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(frame);
    b.router->run_for(50'000'000);
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data()[0]).substr(0, 24),
              "010203040506"
              "0a0b0c0d0e0f");
}

TEST(EtherMirror, TakesNoArguments) {
    EXPECT_EQ(errors_of("TestInject -> EtherMirror(1) -> TestCollect;"),
              "test.click:1:27: EtherMirror@2 :: EtherMirror: too many arguments: '1' is not expected here\n");
}

TEST(EtherRewrite, SetsBothAddresses) {
    auto b = build("in :: TestInject -> EtherRewrite(1:1:1:1:1:1, 2:2:2:2:2:2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({frame, frame.substr(0, 10)});
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]),
              "020202020202"
              "010101010101"
              "0800"
              "45000014");
}

TEST(EtherRewrite, SharedFramesAreCopied) {
    auto b = build(
        "in :: TestInject -> t :: Tee(2); t[0] -> EtherRewrite(SRC 0:0:0:0:0:1, DST 0:0:0:0:0:2) -> r :: TestCollect;"
        "t[1] -> o :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(frame);
    EXPECT_EQ(hex(b.get<TestCollect>("r")->data().at(0)).substr(0, 24),
              "000000000002"
              "000000000001");
    EXPECT_EQ(b.get<TestCollect>("o")->data().at(0), frame);
}

TEST(EtherRewrite, Handlers) {
    auto b = build("in :: TestInject -> e :: EtherRewrite(1:1:1:1:1:1, 2:2:2:2:2:2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.src"), "01:01:01:01:01:01\n");
    EXPECT_EQ(b.write("e.dst", "ff:ff:ff:ff:ff:ff"), "");
    EXPECT_EQ(b.read("e.dst"), "ff:ff:ff:ff:ff:ff\n");
    EXPECT_EQ(b.write("e.src", "1:2:3"), "src: expected Ethernet address");
    EXPECT_EQ(b.read("e.src"), "01:01:01:01:01:01\n");
    b.get<TestInject>("in")->send(frame);
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0)).substr(0, 24),
              "ffffffffffff"
              "010101010101");
}

TEST(EtherRewrite, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> EtherRewrite(1:1:1:1:1:1) -> TestCollect;"),
              "test.click:1:15: EtherRewrite@2 :: EtherRewrite: missing mandatory DST argument\n");
    EXPECT_EQ(errors_of("TestInject -> EtherRewrite(1:1:1:1:1:1, nowhere) -> TestCollect;"),
              "test.click:1:41: EtherRewrite@2 :: EtherRewrite: DST: expected Ethernet address\n");
}
