// Script: the instruction language, substitutions and handlers. Expected outputs are worked
// out by hand from Script's documentation (its examples are used where it gives them).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

#include "clickos/platform.hh"
#include "control/param_handlers.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// Runs the router (at most `ns`) and returns what it printed on standard output.
std::string run_stdout(Built& b, int64_t ns = 1'000'000'000) {
    ::testing::internal::CaptureStdout();
    b.router->run_for(ns);
    return ::testing::internal::GetCapturedStdout();
}

// Calls a parameterised read handler (Script's run, add, ...) as ControlSocket's READ does.
std::string read_params(Built& b, const std::string& element, const std::string& handler, const std::string& params) {
    auto* p = static_cast<ParamReadHandlers*>(b[element]->cast(ParamReadHandlers::cast_name));
    if (!p) return "NOT A PARAMETER READER";
    CollectingErrorHandler errh;
    std::string out;
    if (!p->read_with_params(handler, params, out, &errh)) return "ERROR: " + errh.str();
    return out;
}

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "clickos_control_" + std::to_string(::getpid()) + "_" + name;
}

}  // namespace

TEST(Script, CountingLoopFromTheDocumentation) {
    auto b = build(
        "s :: Script(set x 0, label begin_loop, print $x, set x $(s.add $x 1), goto begin_loop $(s.lt $x 5), stop);");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(run_stdout(b, 5'000'000'000), "0\n1\n2\n3\n4\n");
    EXPECT_TRUE(b.router->stopped());  // `stop` asked the router to stop
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    // The same with the script's own handlers named without the element.
    auto b2 = build("Script(set x 0, label begin_loop, print $x, set x $(add $x 1), goto begin_loop $(lt $x 3));");
    ASSERT_TRUE(b2.router) << b2.errors;
    EXPECT_EQ(run_stdout(b2), "0\n1\n2\n");
}

TEST(Script, QuotingOfSetAndPrintFromTheDocumentation) {
    auto b = build(
        "Idle -> c :: Counter -> Discard;"
        "Script(set x $(c.count), print $x, set x \"$(c.count)\", print $x, setq x \"$(c.count)\", print $x,"
        "  print c.count, print \"c.count\", print '\"c.count\"', set y c.count, print $y, print $($y));");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b), "0\n\"0\"\n0\n0\nc.count\n\"c.count\"\nc.count\n0\n");
}

TEST(Script, VariablesBracesUnknownAndSingleQuotes) {
    auto b =
        build("Script(set a 1, set ab 2, print \"${a}b $ab $nosuch '$a'\", printn \"x\", printn '$a', print \"\");");
    ASSERT_TRUE(b.router) << b.errors;
    // Inside double quotes the single quotes are plain characters, so $a expands there.
    EXPECT_EQ(run_stdout(b), "1b 2 $nosuch '1'\nx$a\n");
}

TEST(Script, PassiveScriptSumsTwoCounters) {
    auto b = build(
        "i1 :: TestInject -> c1 :: Counter -> Discard; i2 :: TestInject -> c2 :: Counter -> Discard;"
        "s :: Script(TYPE PASSIVE, return $(add $(c1.count) $(c2.count)));");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("i1")->send_batch({"a", "b"});
    b.get<TestInject>("i2")->send_batch({"c", "d", "e"});
    EXPECT_EQ(b.read("s.run"), "5\n");
    b.get<TestInject>("i1")->send("f");
    EXPECT_EQ(b.read("s.run"), "6\n");
}

TEST(Script, RunArguments) {
    auto b = build(
        "s :: Script(TYPE PASSIVE, returnq \"[$args] $# $1/$2/$3\");"
        "t :: Script(TYPE PASSIVE, return $(add $1 $2));");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(read_params(b, "s", "run", "a  b"), "[a  b] 2 a/b/\n");
    EXPECT_EQ(b.read("s.run"), "[] 0 //\n");
    EXPECT_EQ(read_params(b, "t", "run", "3 4"), "7\n");
    EXPECT_EQ(read_params(b, "t", "add", "3 4 5"), "12\n");
    EXPECT_EQ(read_params(b, "t", "lt", "3 x y"), "ERROR: lt: expected two arguments\n");
    EXPECT_EQ(b.read("t.add"), "0\n");
}

TEST(Script, RunHandlerErrors) {
    auto b =
        build("s :: Script(TYPE PASSIVE, goto bad $(eq $1 bad), return ok, label bad, errorq \"bad argument $1\");");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("s.run", "bad"), "bad argument bad");
    EXPECT_EQ(b.write("s.run", "good"), "");
    EXPECT_EQ(read_params(b, "s", "run", "good"), "ok\n");
    EXPECT_EQ(read_params(b, "s", "run", "bad"), "ERROR: bad argument bad\n");
}

TEST(Script, WriteStatusAndWriteErrors) {
    auto b = build(
        "TestInject -> q :: Queue(10) -> Discard;"
        "s :: Script(write q.capacity 5, print $?, write q.capacity nope, print $?, print q.capacity);");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run_stdout(b), "0\n-1\n5\n");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "s :: Script: write q.capacity: capacity: expected integer\n");
}

TEST(Script, ReadPrintsNameAndValueToStandardError) {
    auto b = build("Idle -> c :: Counter -> Discard; Script(read c.count, read version);");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run_stdout(b), "");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "c.count:\n0\nversion:\n0.1.0\n");
}

TEST(Script, PrintToFilesAndSave) {
    std::string path = temp_path("print.txt"), saved = temp_path("save.txt");
    auto b = build("Idle -> c :: Counter -> Discard; Script(print >" + path + " \"a\", print >>" + path +
                   " b, printn >>" + path + " \"c\", save c.count " + saved + ", append c.count " + saved + ");");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run_stdout(b), "");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "Script@4 :: Script: no handler named 'b'\n");
    std::string text, error;
    ASSERT_TRUE(platform::read_file(path, text, error)) << error;
    // `print >>FILE b`: b starts with a letter, so it is a handler... which does not exist.
    EXPECT_EQ(text, "a\nc");
    ASSERT_TRUE(platform::read_file(saved, text, error)) << error;
    EXPECT_EQ(text, "0\n0\n");
    platform::remove_file(path);
    platform::remove_file(saved);
}

TEST(Script, WaitEndsAfterItsTime) {
    auto b = build("Script(wait 30ms, print \"done\");");
    ASSERT_TRUE(b.router) << b.errors;
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(run_stdout(b), "done\n");
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
    // Nothing left to do: another run returns at once (an idle router is not latched stopped).
    auto again = std::chrono::steady_clock::now();
    EXPECT_TRUE(b.router->run_for(1'000'000'000));
    EXPECT_LT(std::chrono::steady_clock::now() - again, std::chrono::milliseconds(500));
}

TEST(Script, StepHandlerEndsWaitAndPause) {
    auto b = build("s :: Script(wait 10s, print \"after wait\", pause 2, print \"after pause\");");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b, 20'000'000), "");
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("s.step", ""), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "after wait\n");
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("s.step", "1"), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
    EXPECT_EQ(b.write("s.step", "x"), "step: expected a number of steps or 'router'");
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("s.step", "1"), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "after pause\n");
}

TEST(Script, StepsBeforeTheFirstRunAreKept) {
    auto b = build("s :: Script(pause, print \"one\", pause, print \"two\");");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("s.step", "2"), "");  // before the router runs the script
    EXPECT_EQ(run_stdout(b), "one\ntwo\n");
}

TEST(Script, GotoHandler) {
    auto b = build("s :: Script(pause, print 1, label l2, print 2);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(run_stdout(b, 10'000'000), "");
    ::testing::internal::CaptureStdout();
    EXPECT_EQ(b.write("s.goto", "l2"), "");
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "2\n");
    EXPECT_EQ(b.write("s.goto", "zz"), "goto: no label 'zz'");
}

TEST(Script, LoopingScriptIsStopped) {
    auto b = build("s :: Script(label a, goto a);");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    EXPECT_TRUE(b.router->run_for(1'000'000'000));  // returns: the script gave up
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "s :: Script: too many jumps, giving up\n");
}

TEST(Script, BuiltInLabels) {
    auto b = build(
        "Script(print 1, goto end, print 2); Script(print 3, goto exit true, print 4);"
        "Script(print 5, goto begin false, loop false, print 6);");
    // `loop` takes no condition: reported at configuration.
    EXPECT_EQ(b.errors, "test.click:1:112: Script@3 :: Script: loop: takes no arguments\n");
    const std::pair<const char*, const char*> cases[] = {
        {"Script(print 1, goto end, print 2);", "1\n"},
        {"Script(print 3, goto exit true, print 4);", "3\n"},
        {"Script(print 5, goto begin false, print 6);", "5\n6\n"},
        {"Script(print 7, goto stop, print 8);", "7\n"},
    };
    for (auto [config, expected] : cases) {
        auto b2 = build(config);
        ASSERT_TRUE(b2.router) << b2.errors;
        EXPECT_EQ(run_stdout(b2), expected) << config;
    }
}

TEST(Script, InitRunsOnceAndExportAddsAHandler) {
    auto b = build("s :: Script(TYPE PASSIVE, export v 42, init w 1, set w $(add $w 1), return $w);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.v"), "42\n");
    EXPECT_EQ(b.read("s.run"), "2\n");
    EXPECT_EQ(b.read("s.run"), "3\n");
}

TEST(Script, HandlerNamesAreRelativeToTheCompound) {
    auto b = build(
        "elementclass Counted { input -> c :: Counter -> output; s :: Script(TYPE PASSIVE, return $(c.count)) }"
        "c :: Counter; in :: TestInject -> f :: Counted -> Discard; Idle -> c -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send("x");
    EXPECT_EQ(b.read("f/s.run"), "1\n");  // f/c, not the top-level c
    EXPECT_EQ(b.read("c.count"), "0\n");
}

TEST(Script, StopAndWriteStopEndTheRouter) {
    for (const char* script : {"Script(wait 20ms, stop)", "Script(wait 20ms, write stop)"}) {
        auto b = build(std::string("InfiniteSource -> Discard;") + script + ";");
        ASSERT_TRUE(b.router) << b.errors;
        auto start = std::chrono::steady_clock::now();
        EXPECT_TRUE(b.router->run_for(5'000'000'000)) << script;
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << script;
    }
}

TEST(Script, RunTimeErrorsGoToStandardError) {
    auto b = build(
        "Idle -> c :: Counter -> Discard;"
        "s :: Script(print nosuch.h, print c.nosuch, print $(c.count x), goto l $(add x), label l, "
        "error oops, print never);");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    // `print $(c.count x)`: the failed call stays as written.
    EXPECT_EQ(run_stdout(b), "$(c.count x)\n");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(),
              "s :: Script: no element named 'nosuch'\n"
              "s :: Script: no handler named 'c.nosuch'\n"
              "s :: Script: read handler 'c.count' takes no parameters\n"
              "s :: Script: add: expected list of numbers\n"
              "s :: Script: goto l: bad condition '$(add x)'\n"
              "s :: Script: oops\n");
}

TEST(Script, Handlers) {
    auto b = build("s :: Script(TYPE PASSIVE, return 1);");
    ASSERT_TRUE(b.router) << b.errors;
    std::string list = b.read("s.handlers");
    for (const char* h : {"step\tw", "goto\tw", "run\trw", "add\tr", "sprintf\tr", "now\tr", "readable\tr"})
        EXPECT_NE(list.find(std::string(h) + "\n"), std::string::npos) << h;
    EXPECT_EQ(read_params(b, "s", "readable", "s.run version"), "true\n");
    EXPECT_EQ(read_params(b, "s", "writable", "s.run version"), "false\n");
    EXPECT_EQ(read_params(b, "s", "readable", "nosuch.x"), "false\n");
}

TEST(Script, BadArguments) {
    EXPECT_EQ(errors_of("Script(foo bar);"), "test.click:1:8: Script@1 :: Script: unknown instruction 'foo'\n");
    EXPECT_EQ(
        errors_of("Script(wait soon);"),
        "test.click:1:8: Script@1 :: Script: wait: expected time (for example 1.5s, 10ms, 250us), found 'soon'\n");
    EXPECT_EQ(errors_of("Script(goto nowhere);"), "test.click:1:8: Script@1 :: Script: no such label 'nowhere'\n");
    EXPECT_EQ(errors_of("Script(set x);"), "test.click:1:8: Script@1 :: Script: set: expected VARIABLE TEXT\n");
    EXPECT_EQ(errors_of("Script(set $x 1);"), "test.click:1:8: Script@1 :: Script: set: bad variable name '$x'\n");
    EXPECT_EQ(errors_of("Script(print a, end x);"), "test.click:1:17: Script@1 :: Script: end: takes no arguments\n");
    EXPECT_EQ(errors_of("Script(label a b);"), "test.click:1:8: Script@1 :: Script: label: expected one label name\n");
    EXPECT_EQ(errors_of("Script(pause x);"),
              "test.click:1:8: Script@1 :: Script: pause: expected integer, found 'x'\n");
    EXPECT_EQ(errors_of("Script(write);"), "test.click:1:8: Script@1 :: Script: write: expected a handler name\n");
    EXPECT_EQ(errors_of("Script(TYPE SIGNAL INT);"),
              "test.click:1:8: Script@1 :: Script: TYPE SIGNAL is not supported (use ACTIVE, PASSIVE or DRIVER)\n");
    EXPECT_EQ(errors_of("Script(TYPE FOO);"),
              "test.click:1:8: Script@1 :: Script: TYPE: expected ACTIVE, PASSIVE or DRIVER, found 'FOO'\n");
    // Every bad instruction is reported, each at its own argument.
    EXPECT_EQ(errors_of("Script(x,\n  y);"),
              "test.click:1:8: Script@1 :: Script: unknown instruction 'x'\n"
              "test.click:2:3: Script@1 :: Script: unknown instruction 'y'\n");
}
