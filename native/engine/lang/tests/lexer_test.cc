// Lexer: token kinds, locations, comments, line directives, configuration strings.
#include "lang/lexer.hh"

#include <gtest/gtest.h>

#include <vector>

using namespace clickos::lang;

namespace {

std::vector<Token> lex_all(const std::string& s, Diagnostics& diag) {
    Lexer lx(s, "f.click", diag);
    std::vector<Token> out;
    for (int guard = 0; guard < 1000; ++guard) {
        Token t = lx.next();
        out.push_back(t);
        if (t.kind == Tok::End) break;
    }
    return out;
}

}  // namespace

TEST(Lexer, PunctuationAndIdentifiers) {
    Diagnostics d;
    auto t = lex_all("a :: B -> [1] c => d, e; { | || ... } x/y@2", d);
    std::vector<Tok> want = {Tok::Identifier, Tok::ColonColon, Tok::Identifier, Tok::Arrow,       Tok::LBracket,
                             Tok::Number,     Tok::RBracket,   Tok::Identifier, Tok::DoubleArrow, Tok::Identifier,
                             Tok::Comma,      Tok::Identifier, Tok::Semicolon,  Tok::LBrace,      Tok::Bar,
                             Tok::BarBar,     Tok::Ellipsis,   Tok::RBrace,     Tok::Identifier,  Tok::End};
    ASSERT_EQ(t.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t[i].kind, want[i]) << "token " << i << " '" << t[i].text << "'";
    EXPECT_EQ(t[18].text, "x/y@2");
    EXPECT_FALSE(d.has_errors());
}

TEST(Lexer, LocationsAreOneBasedLineAndColumn) {
    Diagnostics d;
    auto t = lex_all("a\n  -> b", d);
    EXPECT_EQ(t[0].loc.line, 1);
    EXPECT_EQ(t[0].loc.col, 1);
    EXPECT_EQ(t[1].loc.line, 2);
    EXPECT_EQ(t[1].loc.col, 3);
    EXPECT_EQ(t[2].loc.col, 6);
}

TEST(Lexer, CommentsEndIdentifiers) {
    // The language manual's example: `an/identifier/with/slashes//too/many`.
    Diagnostics d;
    auto t = lex_all("an/identifier/with/slashes//too/many\nx/*c*/y", d);
    ASSERT_GE(t.size(), 4u);
    EXPECT_EQ(t[0].text, "an/identifier/with/slashes");
    EXPECT_EQ(t[1].text, "x");
    EXPECT_EQ(t[2].text, "y");
    EXPECT_EQ(t[3].kind, Tok::End);
}

TEST(Lexer, Keywords) {
    Diagnostics d;
    auto t = lex_all("elementclass require provide define elementclassX", d);
    EXPECT_EQ(t[0].kind, Tok::KwElementclass);
    EXPECT_EQ(t[1].kind, Tok::KwRequire);
    EXPECT_EQ(t[2].kind, Tok::KwProvide);
    EXPECT_EQ(t[3].kind, Tok::KwDefine);
    EXPECT_EQ(t[4].kind, Tok::Identifier);
}

TEST(Lexer, Variables) {
    Diagnostics d;
    auto t = lex_all("$a, COUNT $count_2 |", d);
    EXPECT_EQ(t[0].kind, Tok::Variable);
    EXPECT_EQ(t[0].text, "$a");
    EXPECT_EQ(t[2].kind, Tok::Identifier);
    EXPECT_EQ(t[3].text, "$count_2");
}

TEST(Lexer, AllDigitComponentIsInvalid) {
    Diagnostics d;
    lex_all("1/x", d);
    ASSERT_TRUE(d.has_errors());
    EXPECT_EQ(d.all()[0].str(), "f.click:1:1: invalid identifier '1/x'");
}

TEST(Lexer, LineDirectivesChangeLocations) {
    Diagnostics d;
    auto t = lex_all("a\n# 40 \"other.click\"\nb\n#line 7\nc", d);
    EXPECT_EQ(t[1].text, "b");
    EXPECT_EQ(t[1].loc.file, "other.click");
    EXPECT_EQ(t[1].loc.line, 40);
    EXPECT_EQ(t[2].loc.file, "other.click");
    EXPECT_EQ(t[2].loc.line, 7);
}

TEST(Lexer, UnterminatedCommentReportedAtItsStart) {
    Diagnostics d;
    lex_all("a\n  /* never closed", d);
    ASSERT_EQ(d.error_count(), 1u);
    EXPECT_EQ(d.all()[0].str(), "f.click:2:3: unterminated comment: '/*' without '*/'");
}

TEST(Lexer, UnexpectedCharacter) {
    Diagnostics d;
    lex_all("a ! b", d);
    ASSERT_EQ(d.error_count(), 1u);
    EXPECT_EQ(d.all()[0].str(), "f.click:1:3: syntax error: unexpected character '!'");
}

// Configuration strings: the language manual's C1..C5 examples.
TEST(Lexer, ConfigStringsBalanceParenthesesQuotesAndComments) {
    struct Case {
        const char* src;
        const char* want;
    } cases[] = {
        {"C1(simple string)", "simple string"},
        {"C2(string with (balanced parens))", "string with (balanced parens)"},
        {"C3(string with \")quoted\" paren)", "string with \")quoted\" paren"},
        {"C4(// end-of-line comment)\n   still going!)", "// end-of-line comment)\n   still going!"},
        {"C5(/* slash-star comment) */ and backslash \\)", "/* slash-star comment) */ and backslash \\"},
    };
    for (const auto& c : cases) {
        Diagnostics d;
        Lexer lx(c.src, "f", d);
        Token name = lx.next();
        Token lp = lx.next();
        ASSERT_EQ(lp.kind, Tok::LParen) << c.src;
        Location at;
        std::string got = lx.read_config(lp, at);
        EXPECT_EQ(got, c.want) << c.src;
        EXPECT_FALSE(d.has_errors()) << c.src << ": " << d.str();
        EXPECT_EQ(lx.next().kind, Tok::End);
        EXPECT_EQ(at.col, 4);
    }
}

TEST(Lexer, UnterminatedConfigStringAndQuote) {
    {
        Diagnostics d;
        Lexer lx("X(a, b", "f", d);
        lx.next();
        Token lp = lx.next();
        Location at;
        lx.read_config(lp, at);
        ASSERT_EQ(d.error_count(), 1u);
        EXPECT_EQ(d.all()[0].str(), "f:1:2: unterminated configuration string: '(' without matching ')'");
    }
    {
        Diagnostics d;
        Lexer lx("X(a, \"b)", "f", d);
        lx.next();
        Token lp = lx.next();
        Location at;
        lx.read_config(lp, at);
        ASSERT_EQ(d.error_count(), 1u);
        EXPECT_EQ(d.all()[0].str(), "f:1:6: unterminated string: \" without closing \"");
    }
}
