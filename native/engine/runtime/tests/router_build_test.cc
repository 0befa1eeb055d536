// Building a router: classes, port counts, push/pull resolution and connection rules,
// configuration errors, each reported at the right file:line:col.
#include <gtest/gtest.h>

#include "lang/flatten.hh"
#include "testing.hh"

using namespace clickos;
using clickos::testing::build;
using clickos::testing::errors_of;

TEST(RouterBuild, SimpleChainBuilds) {
    auto b = build("InfiniteSource(LIMIT 3) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.router->nelements(), 3);
    EXPECT_TRUE(b["c"]->output_is_push(0));
}

TEST(RouterBuild, UnknownClasses) {
    EXPECT_EQ(errors_of("Idle -> x :: Frobnicate -> Discard;\nBogus;"),
              "test.click:1:9: unknown element class 'Frobnicate' (element 'x')\n"
              "test.click:2:1: unknown element class 'Bogus'\n");
}

TEST(RouterBuild, PortsBeyondTheClass) {
    EXPECT_EQ(errors_of("a :: Counter;\nIdle -> a -> Discard;\na [1] -> Discard;"),
              "test.click:3:7: 'a :: Counter' has 1 output, but output 1 is used\n");
    EXPECT_EQ(errors_of("Idle -> [2] d :: Discard;"),
              "test.click:1:6: 'd :: Discard' has 1 input, but input 2 is used\n");
}

TEST(RouterBuild, UnusedPorts) {
    EXPECT_EQ(errors_of("c :: Counter;\nIdle -> c;"), "test.click:1:1: 'c :: Counter' output 0 unused\n");
    EXPECT_EQ(errors_of("d :: Discard;"), "test.click:1:1: 'd :: Discard' input 0 unused\n");
}

TEST(RouterBuild, PushPullConflictAtTheConnection) {
    EXPECT_EQ(errors_of("Idle -> q1 :: Queue;\nq1 -> q2 :: Queue -> Discard;"),
              "test.click:2:4: pull output 0 of 'q1 :: Queue' connected to push input 0 of 'q2 :: Queue'\n");
}

TEST(RouterBuild, AgnosticElementsTakeTheirNeighboursProcessing) {
    auto b = build("Idle -> q :: Queue -> n :: Null -> u :: Unqueue -> m :: Null -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b["n"]->input_is_pull(0));
    EXPECT_FALSE(b["n"]->output_is_push(0));
    EXPECT_FALSE(b["m"]->input_is_pull(0));
    EXPECT_TRUE(b["m"]->output_is_push(0));
}

TEST(RouterBuild, AgnosticElementUsedBothWays) {
    // n's input is pulled from q, its output would push into q2: Null cannot do both.
    auto e = errors_of("Idle -> q :: Queue;\nq -> n :: Null;\nn -> q2 :: Queue -> Discard;");
    EXPECT_EQ(e,
              "test.click:2:6: 'n :: Null' is agnostic but used as both push and pull (pull input 0 of 'n :: Null', "
              "push output 0 of 'n :: Null')\n");
}

TEST(RouterBuild, PushOutputConnectedTwice) {
    EXPECT_EQ(errors_of("s :: InfiniteSource;\ns -> Discard;\ns -> Discard;"),
              "test.click:3:3: push output 0 of 's :: InfiniteSource' connected more than once (use Tee to copy)\n");
}

TEST(RouterBuild, PullInputConnectedTwice) {
    EXPECT_EQ(errors_of("q1, q2 :: Queue; Idle -> q1; Idle -> q2;\nq1 -> u :: Unqueue -> Discard;\nq2 -> u;"),
              "test.click:3:4: pull input 0 of 'u :: Unqueue' connected more than once\n");
}

TEST(RouterBuild, BadArgumentsPointIntoTheConfigurationString) {
    EXPECT_EQ(errors_of("Idle -> Queue(abc) -> Discard;"),
              "test.click:1:15: Queue@2 :: Queue: CAPACITY: expected integer\n");
    EXPECT_EQ(errors_of("Idle -> Queue(5,\n   FOO 1) -> Discard;"),
              "test.click:2:4: Queue@2 :: Queue: unknown keyword 'FOO'\n");
    EXPECT_EQ(errors_of("Idle -> Counter(COUNT_CALL x) -> Discard;"),
              "test.click:1:9: Counter@2 :: Counter: COUNT_CALL: expected \"N HANDLER [VALUE]\", found 'x'\n");
}

TEST(RouterBuild, AllBuildErrorsAtOnce) {
    auto e = errors_of("Idle -> Queue(0) -> Discard;\nIdle -> Unqueue(BURST 0) -> Discard;");
    EXPECT_EQ(e,
              "test.click:1:9: Queue@2 :: Queue: CAPACITY must be at least 1\n"
              "test.click:2:9: Unqueue@5 :: Unqueue: BURST must be at least 1\n");
}

TEST(RouterBuild, CheckOnlyDoesNotInitialize) {
    lang::Diagnostics diag;
    auto g = lang::parse_and_flatten("InfiniteSource -> Discard;", "t", diag);
    CollectingErrorHandler errh;
    EXPECT_TRUE(Router::check(g, &errh));
}

TEST(RouterBuild, MissingElementPackageIsReportedAtTheRequire) {
    EXPECT_EQ(errors_of("require(package no-such-package);\nIdle -> Discard;").substr(0, 60),
              std::string("test.click:1:9: require(package no-such-package): package no").substr(0, 60));
}
