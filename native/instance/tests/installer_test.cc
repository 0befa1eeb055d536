// hotconfig in-process: the Instance and its Installer without the socket or the sandbox.
// Expected values come from the configurations themselves (packets injected by hand,
// error positions counted in the text).
#include <gtest/gtest.h>

#include "instance/instance.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::instance;
using namespace clickos::testing;

namespace {

std::unique_ptr<Router> boot(Instance& in, const std::string& text) {
    InstallResult r = in.installer().install(text, "boot.click");
    EXPECT_EQ(r.outcome, InstallResult::Outcome::Ok) << (r.errors.empty() ? "" : r.errors[0]);
    return std::move(r.router);
}

std::string read(Instance& in, const std::string& handler) {
    std::string out, error;
    if (!in.router()->read(handler, out, error)) return "ERROR: " + error;
    return out;
}

TestInject* injector(Instance& in, const std::string& name) {
    return dynamic_cast<TestInject*>(in.router()->find(name));
}

}  // namespace

TEST(Hotconfig, EmptyRouterUntilTheFirstInstall) {
    Instance in;
    in.start(nullptr);
    EXPECT_EQ(read(in, "generation"), "0\n");
    EXPECT_EQ(read(in, "list"), "0\n");
    CollectingErrorHandler errh;
    EXPECT_EQ(in.hotconfig("Idle -> c :: Counter -> Discard;", &errh), 0) << errh.str();
    EXPECT_TRUE(in.complete_swap());
    EXPECT_EQ(read(in, "generation"), "1\n");
    EXPECT_EQ(read(in, "c.count"), "0\n");
    EXPECT_EQ(read(in, "config"), "Idle -> c :: Counter -> Discard;");
}

TEST(Hotconfig, SwapKeepsCounterAndQueueState) {
    Instance in;
    // Never run: Discard would drain the queue.
    in.start(boot(in, "in :: TestInject -> c :: Counter -> q :: Queue(10) -> Discard;"));
    injector(in, "in")->send_batch({"one", "two", "three"});
    ASSERT_EQ(read(in, "c.count"), "3\n");
    ASSERT_EQ(read(in, "q.length"), "3\n");
    CollectingErrorHandler errh;
    // Same names and classes for c and q; a new element in between.
    ASSERT_EQ(in.hotconfig("in :: TestInject -> c :: Counter -> Null -> q :: Queue(10) -> Unqueue -> "
                           "c2 :: Counter -> out :: TestCollect;",
                           &errh),
              0)
        << errh.str();
    ASSERT_TRUE(in.complete_swap());
    EXPECT_EQ(read(in, "generation"), "2\n");
    EXPECT_NE(read(in, "hotconfig_us").find('\n'), std::string::npos);
    EXPECT_EQ(read(in, "c.count"), "3\n");
    EXPECT_EQ(read(in, "c.byte_count"), "11\n");  // "one" + "two" + "three"
    EXPECT_EQ(read(in, "q.length"), "3\n");
    in.router()->run_for(50'000'000);
    auto* out = dynamic_cast<TestCollect*>(in.router()->find("out"));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->data(), (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_EQ(read(in, "c2.count"), "3\n");
}

TEST(Hotconfig, ClassChangeStartsFresh) {
    Instance in;
    in.start(boot(in, "in :: TestInject -> c :: Counter -> Discard;"));
    injector(in, "in")->send("x");
    CollectingErrorHandler errh;
    ASSERT_EQ(in.hotconfig("in :: TestInject -> c :: AverageCounter -> Discard;", &errh), 0) << errh.str();
    ASSERT_TRUE(in.complete_swap());
    EXPECT_EQ(read(in, "c.count"), "0\n");
}

TEST(Hotconfig, BadConfigKeepsTheOldOneAndListsEveryError) {
    Instance in;
    in.set_config_name("fw.click");
    in.start(boot(in, "in :: TestInject -> c :: Counter -> Discard;"));
    injector(in, "in")->send("x");
    CollectingErrorHandler errh;
    // Two syntax errors: line 1 column 11 ('->' with nothing after it before ';'), and
    // line 3 column 1 (an unknown class is only reported once parsing succeeds, so the
    // parser's own errors come first).
    std::string bad = "a :: Idle -> ;\nb :: Discard;\n-> b;\n";
    EXPECT_EQ(in.hotconfig(bad, &errh), -1);
    ASSERT_GE(errh.entries().size(), 2u) << errh.str();
    for (const auto& e : errh.entries()) EXPECT_EQ(e.message.rfind("fw.click:", 0), 0u) << e.message;
    EXPECT_NE(errh.str().find("fw.click:1:"), std::string::npos) << errh.str();
    EXPECT_NE(errh.str().find("fw.click:3:"), std::string::npos) << errh.str();
    EXPECT_FALSE(in.complete_swap());
    EXPECT_EQ(read(in, "generation"), "1\n");
    EXPECT_EQ(read(in, "c.count"), "1\n");

    // A configure-time error, with its position inside the element's arguments.
    CollectingErrorHandler errh2;
    EXPECT_EQ(in.hotconfig("in :: TestInject -> c :: Counter -> q :: Queue(-3) -> Discard;", &errh2), -1);
    EXPECT_NE(errh2.str().find("fw.click:1:"), std::string::npos) << errh2.str();
    EXPECT_NE(errh2.str().find("q :: Queue"), std::string::npos) << errh2.str();
    EXPECT_EQ(read(in, "c.count"), "1\n");
    injector(in, "in")->send("y");  // the old router still runs
    EXPECT_EQ(read(in, "c.count"), "2\n");
}

TEST(Hotconfig, UnloadedPackageAfterTheSandboxClosedNeedsARestart) {
    Instance in;
    in.start(boot(in, "Idle -> Discard;"));
    in.installer().close_sandbox(true);
    CollectingErrorHandler errh;
    EXPECT_EQ(in.hotconfig("require(package someplugin);\nIdle -> Discard;", &errh), -restart_required_code);
    EXPECT_NE(errh.str().find("restart required: element package 'someplugin'"), std::string::npos) << errh.str();
    EXPECT_NE(errh.str().find("config:1:"), std::string::npos) << errh.str();
    EXPECT_FALSE(in.complete_swap());
}

TEST(Hotconfig, MissingPackageBeforeTheSandboxClosedIsAPlainError) {
    Instance in;
    in.start(boot(in, "Idle -> Discard;"));
    CollectingErrorHandler errh;
    EXPECT_EQ(in.hotconfig("require(package no_such_package_anywhere);\nIdle -> Discard;", &errh), -1);
    EXPECT_NE(errh.str().find("require(package no_such_package_anywhere)"), std::string::npos) << errh.str();
}

TEST(Hotconfig, DefinitionsApplyToEveryInstall) {
    Instance in;
    in.installer().definitions["CAP"] = "7";
    in.start(boot(in, "Idle -> q :: Queue($CAP) -> Discard;"));
    EXPECT_EQ(read(in, "q.capacity"), "7\n");
    CollectingErrorHandler errh;
    ASSERT_EQ(in.hotconfig("Idle -> q2 :: Queue($CAP) -> Discard;", &errh), 0) << errh.str();
    ASSERT_TRUE(in.complete_swap());
    EXPECT_EQ(read(in, "q2.capacity"), "7\n");
}
