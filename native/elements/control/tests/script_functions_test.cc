// Script's functions, expected values worked out by hand from Script's documentation.
#include "control/script_functions.hh"

#include <gtest/gtest.h>

using clickos::script::call_function;
using clickos::script::CallResult;

namespace {

std::string eval(const std::string& name, const std::string& params) {
    std::string out, error;
    CallResult r = call_function(name, params, out, error);
    if (r == CallResult::Unknown) return "UNKNOWN";
    if (r == CallResult::Error) return "ERROR: " + error;
    return out;
}

}  // namespace

TEST(ScriptFunctions, Arithmetic) {
    EXPECT_EQ(eval("add", "10 5 2"), "17");
    EXPECT_EQ(eval("add", ""), "0");
    EXPECT_EQ(eval("sub", "10 5 2"), "3");
    EXPECT_EQ(eval("mul", "2 3 4"), "24");
    EXPECT_EQ(eval("add", "0x10 1"), "17");
    EXPECT_EQ(eval("add", "1.5 1"), "2.5");
    EXPECT_EQ(eval("div", "7 2"), "3.5");
    EXPECT_EQ(eval("div", "6 3"), "2");
    EXPECT_EQ(eval("idiv", "7 2"), "3");
    EXPECT_EQ(eval("idiv", "-7 2"), "-3");
    EXPECT_EQ(eval("mod", "7 3"), "1");
    EXPECT_EQ(eval("rem", "7.5 2"), "1.5");
    EXPECT_EQ(eval("neg", "5"), "-5");
    EXPECT_EQ(eval("abs", "-5"), "5");
    EXPECT_EQ(eval("add", "9223372036854775807 1"), "9.22337203685e+18");
    EXPECT_EQ(eval("add", "1 x"), "ERROR: expected list of numbers");
    EXPECT_EQ(eval("div", "1 0"), "ERROR: division by zero");
    EXPECT_EQ(eval("mod", "1 0"), "ERROR: division by zero");
    EXPECT_EQ(eval("mod", "1.5 1"), "ERROR: expected two integers");
}

TEST(ScriptFunctions, Comparisons) {
    EXPECT_EQ(eval("eq", "10 0xA"), "true");
    EXPECT_EQ(eval("le", "9 8"), "false");
    EXPECT_EQ(eval("lt", "2 10"), "true");    // numbers, not text
    EXPECT_EQ(eval("lt", "b10 b2"), "true");  // text, bytewise
    EXPECT_EQ(eval("eq", "10x 10x"), "true");
    EXPECT_EQ(eval("ne", "1 1.0"), "false");
    EXPECT_EQ(eval("ge", "3 3"), "true");
    EXPECT_EQ(eval("gt", "3 3"), "false");
    EXPECT_EQ(eval("eq", "\"a b\" 'a b'"), "true");
    EXPECT_EQ(eval("eq", "1"), "ERROR: expected two arguments");
}

TEST(ScriptFunctions, Logic) {
    EXPECT_EQ(eval("not", "true"), "false");
    EXPECT_EQ(eval("not", "0"), "true");
    EXPECT_EQ(eval("not", "maybe"), "ERROR: expected one boolean");
    EXPECT_EQ(eval("and", "true true false"), "false");
    EXPECT_EQ(eval("or", "false true"), "true");
    EXPECT_EQ(eval("nand", "true true"), "false");
    EXPECT_EQ(eval("nor", "false false"), "true");
    EXPECT_EQ(eval("if", "true yes no"), "yes");
    EXPECT_EQ(eval("if", "false yes no"), "no");
    EXPECT_EQ(eval("if", "true yes"), "ERROR: expected a boolean and two values");
    EXPECT_EQ(eval("in", "foo bar foo"), "true");
    EXPECT_EQ(eval("in", "baz bar foo"), "false");
}

TEST(ScriptFunctions, Text) {
    EXPECT_EQ(eval("sprintf", "\"%05x\" 127"), "0007f");
    EXPECT_EQ(eval("sprintf", "\"%d-%s-%%\" -3 \"a b\""), "-3-a b-%");
    EXPECT_EQ(eval("sprintf", "\"%*d|\" 4 7"), "   7|");
    EXPECT_EQ(eval("sprintf", "\"%-4X|\" 255"), "FF  |");
    EXPECT_EQ(eval("sprintf", "\"%d\""), "ERROR: not enough arguments for format");
    EXPECT_EQ(eval("sprintf", "\"%d\" 1 2"), "ERROR: too many arguments for format");
    EXPECT_EQ(eval("sprintf", "\"%d\" x"), "ERROR: expected integer, found 'x'");
    EXPECT_EQ(eval("sprintf", "\"%f\" 1"), "ERROR: unsupported conversion '%f'");
    EXPECT_EQ(eval("length", "abcdef"), "6");
    EXPECT_EQ(eval("unquote", "\"a\\tb\""), "a\tb");
    EXPECT_EQ(eval("first", "x y z"), "x");
    EXPECT_EQ(eval("nosuch", ""), "UNKNOWN");
}

TEST(ScriptFunctions, RandomStaysInRange) {
    for (int i = 0; i < 200; ++i) {
        int64_t v = std::stoll(eval("random", "3"));
        EXPECT_GE(v, 0);
        EXPECT_LE(v, 2);
        v = std::stoll(eval("random", "5 6"));
        EXPECT_GE(v, 5);
        EXPECT_LE(v, 6);
    }
    EXPECT_EQ(eval("random", "0"), "ERROR: expected a positive integer");
    EXPECT_EQ(eval("random", "6 5"), "ERROR: expected two integers N1 <= N2");
}

TEST(ScriptFunctions, Now) {
    std::string v = eval("now", "");
    ASSERT_NE(v.find('.'), std::string::npos);
    EXPECT_GT(std::stoll(v.substr(0, v.find('.'))), 1600000000);  // after 2020
}
