// DriverManager and Script(TYPE DRIVER): stop requests step the script instead of stopping the
// router; the router stops when the script says so. Expected behaviour from DriverManager's
// and Script's documentation.
#include <gtest/gtest.h>

#include <chrono>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::string run_stdout(Built& b, int64_t ns = 5'000'000'000) {
    ::testing::internal::CaptureStdout();
    b.router->run_for(ns);
    return ::testing::internal::GetCapturedStdout();
}

}  // namespace

TEST(DriverManager, StopStopsAtOnce) {
    auto b = build("Idle -> Discard; DriverManager(stop);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = Clock::now();
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(100));
    // Even with a source that would run forever.
    auto b2 = build("InfiniteSource -> Discard; DriverManager(stop);");
    ASSERT_TRUE(b2.router) << b2.errors;
    start = Clock::now();
    EXPECT_TRUE(b2.router->run_for(5'000'000'000));
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(100));
}

TEST(DriverManager, WithoutInstructionsWaitsForOneStopRequest) {
    auto b = build("InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard; DriverManager;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    EXPECT_EQ(b.read("c.count"), "3\n");
    EXPECT_EQ(b.router->stop_requests(), 1);
}

TEST(DriverManager, WaitStopCountsStopRequests) {
    // The second source stops later: 1000 packets against 2, one packet per task run each.
    auto b = build(
        "InfiniteSource(LIMIT 2, STOP true) -> c1 :: Counter -> Discard;"
        "InfiniteSource(LIMIT 1000, STOP true) -> c2 :: Counter -> Discard;"
        "DriverManager(wait_stop, print c2.count, wait_stop 1, print c2.count);");
    ASSERT_TRUE(b.router) << b.errors;
    std::string out = run_stdout(b);
    EXPECT_TRUE(b.router->stopped());
    size_t nl = out.find('\n');
    ASSERT_NE(nl, std::string::npos) << out;
    EXPECT_LT(std::stoll(out.substr(0, nl)), 1000) << out;  // after the first stop only
    EXPECT_EQ(out.substr(nl + 1), "1000\n");
}

TEST(DriverManager, StopRequestsDoNotStopTheRouterByThemselves) {
    // The second source keeps the router busy, so it never runs out of work.
    auto b = build(
        "InfiniteSource(LIMIT 2, STOP true) -> c :: Counter -> Discard; InfiniteSource -> Discard;"
        "DriverManager(wait_stop 2);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_FALSE(b.router->run_for(50'000'000));  // only one stop request so far
    EXPECT_EQ(b.read("c.count"), "2\n");
    EXPECT_EQ(b.write("stop", ""), "");
    EXPECT_TRUE(b.router->run_for(1'000'000'000));
}

TEST(DriverManager, WaitTimeKeepsTheRouterRunning) {
    auto b = build("InfiniteSource -> c :: Counter -> Discard; DriverManager(wait 50ms, stop);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = Clock::now();
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    auto elapsed = Clock::now() - start;
    EXPECT_GE(elapsed, std::chrono::milliseconds(50));
    EXPECT_LT(elapsed, std::chrono::seconds(2));
    EXPECT_NE(b.read("c.count"), "0\n");
}

TEST(DriverManager, StopRequestEndsAWait) {
    auto b = build("DriverManager(wait 10s, print \"woken\", stop); Script(wait 20ms, write stop);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = Clock::now();
    EXPECT_EQ(run_stdout(b), "woken\n");
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(DriverManager, RunningOutOfWorkCountsAsAStopRequest) {
    // No STOP anywhere: when the source is done the router has nothing left, and the script
    // still gets its turn.
    auto b = build("InfiniteSource(LIMIT 5) -> c :: Counter -> Discard; DriverManager(pause, print c.count);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b), "5\n");
    EXPECT_TRUE(b.router->stopped());
}

TEST(DriverManager, AScriptIgnoringStopsCannotHangAnIdleRouter) {
    auto b = build("DriverManager(label a, pause, goto a);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = Clock::now();
    EXPECT_TRUE(b.router->run_for(10'000'000'000));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(DriverManager, EndedScriptStopsAtTheNextStopRequest) {
    auto b = build("InfiniteSource(LIMIT 3, STOP true) -> c :: Counter -> Discard; DriverManager(print \"x\", end);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b), "x\n");
    EXPECT_EQ(b.read("c.count"), "3\n");  // the router ran on until the source asked to stop
    EXPECT_TRUE(b.router->stopped());
}

TEST(DriverManager, WriteSkipSkipsWhileAStopIsPending) {
    for (int stops : {1, 2}) {
        auto b = build(
            "TestInject -> q :: Queue(10) -> Discard; InfiniteSource -> Discard;"
            "d :: DriverManager(pause, write_skip q.capacity 5, pause);");
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_FALSE(b.router->run_for(10'000'000));
        for (int i = 0; i < stops; ++i) b.router->please_stop();
        b.router->run_for(100'000'000);
        // One stop: nothing pending when write_skip runs. Two at once: the second is pending.
        EXPECT_EQ(b.read("q.capacity"), stops == 1 ? "5\n" : "10\n") << stops;
        EXPECT_EQ(b.router->stopped(), stops == 2) << stops;
    }
}

TEST(DriverManager, StepHandlerRouterStep) {
    auto b = build("InfiniteSource -> Discard; d :: DriverManager(pause, print 1, pause, print 2);");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("d.step", "router"), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");  // not started yet: kept for the first run
    EXPECT_EQ(run_stdout(b, 20'000'000), "1\n");
    EXPECT_FALSE(b.router->stopped());
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("d.step", "router"), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "2\n");
    EXPECT_TRUE(b.router->stopped());  // it reached its end on a router step
}

TEST(DriverManager, ScriptOfTypeDriverIsTheSame) {
    auto b = build(
        "InfiniteSource(LIMIT 4, STOP true) -> c :: Counter -> Discard; Script(TYPE DRIVER, pause, print c.count);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b), "4\n");
    EXPECT_TRUE(b.router->stopped());
}

TEST(DriverManager, TypeActiveDoesNotManageStops) {
    auto b =
        build("InfiniteSource(LIMIT 4, STOP true) -> c :: Counter -> Discard; DriverManager(TYPE ACTIVE, wait 10s);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = Clock::now();
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST(DriverManager, OnlyOnePerRouter) {
    EXPECT_EQ(errors_of("DriverManager; Script(TYPE DRIVER);"),
              "test.click:1:16: Script@2 :: Script: a router has one stop manager, and 'DriverManager@1 :: "
              "DriverManager' is already one\n");
    EXPECT_EQ(errors_of("DriverManager(wait_stop x);"),
              "test.click:1:15: DriverManager@1 :: DriverManager: wait_stop: expected integer, found 'x'\n");
    EXPECT_EQ(errors_of("DriverManager(CHECK_HANDLERS maybe);"),
              "test.click:1:15: DriverManager@1 :: DriverManager: CHECK_HANDLERS: expected boolean (true/false)\n");
}
