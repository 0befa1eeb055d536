// Idle, Discard, Null, Tee, Counter, Queue, Unqueue, InfiniteSource: behaviour from their
// documentation, checked with injected packets.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(Null, PassesPacketsUnchanged) {
    auto b = build("in :: TestInject -> Null -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("abc");
    b.get<TestInject>("in")->send_batch({"d", "ef"});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"abc", "d", "ef"}));
}

TEST(Tee, CopiesToEveryOutput) {
    auto b = build(
        "in :: TestInject -> t :: Tee(3); t[0] -> o0 :: TestCollect; t[1] -> o1 :: TestCollect; t[2] -> o2 :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"x", "yz"});
    for (const char* o : {"o0", "o1", "o2"})
        EXPECT_EQ(b.get<TestCollect>(o)->data(), (std::vector<std::string>{"x", "yz"})) << o;
    EXPECT_EQ(errors_of("TestInject -> t :: Tee(2) -> TestCollect;"),
              "test.click:1:15: t :: Tee: N is 2 but 1 outputs are used\n");
}

TEST(Counter, CountsPacketsAndBytes) {
    auto b = build("in :: TestInject -> c :: Counter -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("1234");
    b.get<TestInject>("in")->send_batch({"12", "123456"});
    EXPECT_EQ(b.read("c.count"), "3\n");
    EXPECT_EQ(b.read("c.byte_count"), "12\n");
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 3u);
}

TEST(Counter, CountCallWritesAHandlerOnce) {
    auto b = build("in :: TestInject -> c :: Counter(COUNT_CALL 2 q.capacity 7) -> q :: Queue(100) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("a");
    EXPECT_EQ(b.read("q.capacity"), "100\n");
    b.get<TestInject>("in")->send("b");
    EXPECT_EQ(b.read("q.capacity"), "7\n");
    EXPECT_EQ(b.write("q.capacity", "9"), "");
    b.get<TestInject>("in")->send("c");
    EXPECT_EQ(b.read("q.capacity"), "9\n");  // fired once only
    EXPECT_EQ(b.write("c.count_call", "oops"), "count_call: expected \"N HANDLER [VALUE]\", found 'oops'");
}

TEST(Queue, FifoOrderAndHotSwapState) {
    auto b = build("in :: TestInject -> q :: Queue(3) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    EXPECT_EQ(b.read("q.length"), "3\n");
    EXPECT_EQ(b.read("q.drops"), "1\n");
    auto next = build("in :: TestInject -> q :: Queue(10) -> u :: Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(next.router) << next.errors;
    CollectingErrorHandler errh;
    next.router->take_state_from(*b.router, &errh);
    EXPECT_EQ(b.read("q.length"), "0\n");
    next.router->run_for(100'000'000);
    EXPECT_EQ(next.get<TestCollect>("out")->data(), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(Discard, PullModeDrainsAQueue) {
    auto b = build("in :: TestInject -> q :: Queue -> d :: Discard(BURST 4);");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b", "c", "d", "e", "f"});
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.read("d.count"), "6\n");
    EXPECT_EQ(b.read("q.length"), "0\n");
}

TEST(InfiniteSource, DataLengthAndLimit) {
    auto b = build("s :: InfiniteSource(DATA \"ab\", LIMIT 3, LENGTH 5, STOP true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(1'000'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"ababa", "ababa", "ababa"}));
    EXPECT_EQ(b.read("s.count"), "3\n");
    EXPECT_EQ(errors_of("InfiniteSource(BURST 0) -> Discard;"),
              "test.click:1:1: InfiniteSource@1 :: InfiniteSource: BURST must be at least 1\n");
}

TEST(InfiniteSource, PullMode) {
    auto b =
        build("s :: InfiniteSource(DATA x, LIMIT 4) -> q :: Null -> u :: Unqueue(BURST 10) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x", "x", "x", "x"}));
}

TEST(InfiniteSource, EndCallNamesAreRelativeToTheCompound) {
    auto b = build(
        "elementclass Src { InfiniteSource(LIMIT 3, END_CALL q.capacity 7) -> q :: Queue(100) -> output }\n"
        "Src -> Unqueue -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(200'000'000);
    EXPECT_EQ(b.read("Src@1/q.capacity"), "7\n");
}
