// Click's argument syntax, from click(5): commas split, quotes and nesting protect.
#include "lang/config_args.hh"

#include <gtest/gtest.h>

#include "lang/variables.hh"

using namespace clickos::lang;

namespace {
std::vector<std::string> texts(const std::string& s) {
    std::vector<std::string> out;
    for (const auto& a : split_config_args(s, Location{"f", 1, 1})) out.push_back(a.text);
    return out;
}
}  // namespace

TEST(ConfigArgs, SplitsAtTopLevelCommasAndTrims) {
    EXPECT_EQ(texts("a, b ,c"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(texts("  "), (std::vector<std::string>{}));
    EXPECT_EQ(texts(""), (std::vector<std::string>{}));
}

TEST(ConfigArgs, EmptyLastArgumentIgnored) {
    // click(5): `Element(1, )`, `Element(1, /* comment */)` and `Element(1)` behave alike.
    EXPECT_EQ(texts("1, "), (std::vector<std::string>{"1"}));
    EXPECT_EQ(texts("1, /* comment */"), (std::vector<std::string>{"1"}));
    EXPECT_EQ(texts(", 2"), (std::vector<std::string>{"", "2"}));
}

TEST(ConfigArgs, QuotesCommentsAndNestingProtectCommas) {
    EXPECT_EQ(texts("\"a, b\", 'c, d', e"), (std::vector<std::string>{"\"a, b\"", "'c, d'", "e"}));
    EXPECT_EQ(texts("x // a, b\n, y"), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(texts("f(a, b), [1, 2], {c, d}"), (std::vector<std::string>{"f(a, b)", "[1, 2]", "{c, d}"}));
}

TEST(ConfigArgs, ArgumentLocations) {
    auto args = split_config_args("a,\n  b", Location{"f", 3, 7});
    ASSERT_EQ(args.size(), 2u);
    EXPECT_EQ(args[0].loc.str(), "f:3:7");
    EXPECT_EQ(args[1].loc.str(), "f:4:3");
}

TEST(ConfigArgs, KeywordsAndWords) {
    std::string k, v;
    EXPECT_TRUE(split_keyword("COUNT 3", k, v));
    EXPECT_EQ(k, "COUNT");
    EXPECT_EQ(v, "3");
    EXPECT_TRUE(split_keyword("STOP", k, v));
    EXPECT_EQ(v, "");
    EXPECT_FALSE(split_keyword("count 3", k, v));
    EXPECT_FALSE(split_keyword("10.0.0.1", k, v));
    EXPECT_FALSE(split_keyword("ABC:1", k, v));
    EXPECT_EQ(split_words("package \"my pkg\"  x"), (std::vector<std::string>{"package", "\"my pkg\"", "x"}));
    EXPECT_EQ(unquote("\"a\\\"b\"c'd e'"), "a\"bcd e");
}

TEST(ConfigArgs, DefineArguments) {
    std::string n, v;
    EXPECT_TRUE(split_define_arg("$DEV eth0", n, v));
    EXPECT_EQ(n, "$DEV");
    EXPECT_EQ(v, "eth0");
    EXPECT_TRUE(split_define_arg("$E", n, v));
    EXPECT_EQ(v, "");
    EXPECT_FALSE(split_define_arg("DEV eth0", n, v));
    EXPECT_FALSE(split_define_arg("$ x", n, v));
}

TEST(Variables, SubstitutionRules) {
    Diagnostics d;
    auto lookup = [](const std::string& n) -> std::optional<std::string> {
        if (n == "$a") return "1";
        return std::nullopt;
    };
    Location at{"f", 1, 1};
    EXPECT_EQ(substitute_variables("$a ${a}b '$a' \"$a\" $ x", at, lookup, d), "1 1b '$a' \"1\" $ x");
    EXPECT_EQ(substitute_variables("${zz-dflt} // $zz", at, lookup, d), "dflt // $zz");
    EXPECT_FALSE(d.has_errors());
    EXPECT_EQ(substitute_variables("$zz", at, lookup, d), "$zz");
    EXPECT_TRUE(d.has_errors());
}

TEST(ConfigArgs, DoubleQuoteBackslashSubstitutions) {
    // click(5): C escapes, \x with the last two hex digits, octal, \< hex data >, others literal.
    EXPECT_EQ(unquote("\"a\\tb\\n\""), "a\tb\n");
    EXPECT_EQ(unquote("\"\\x141\""), "A");
    EXPECT_EQ(unquote("\"\\101\\0\""), std::string("A\0", 2));
    EXPECT_EQ(unquote("\"\\< 48 45 4c 4C 4f >\""), "HELLO");
    EXPECT_EQ(unquote("\"\\q\\\\\""), "q\\");
    EXPECT_EQ(unquote("'\\n'"), "\\n");
}

TEST(ConfigArgs, QuoteIfNeededRoundTrips) {
    EXPECT_EQ(quote_if_needed("clickos-firewall"), "clickos-firewall");
    EXPECT_EQ(quote_if_needed("a b"), "\"a b\"");
    std::string odd("x\"\\\n\x01", 5);
    EXPECT_EQ(unquote(quote_if_needed(odd)), odd);
}

TEST(ConfigArgs, QuotedBytesDoNotSwallowFollowingDigits) {
    std::string odd(
        "\x8d"
        "99",
        3);
    EXPECT_EQ(unquote(quote_if_needed(odd)), odd);
}
