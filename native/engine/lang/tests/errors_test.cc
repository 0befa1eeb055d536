// Bad configurations: every error at the right file:line:col, all of them, never a crash.
#include <gtest/gtest.h>

#include "helpers.hh"

using namespace clickos::lang;
using clickos::lang::test::errors_only;
using clickos::lang::test::run;

TEST(Errors, RedeclaredElementWithNoteAtFirstDeclaration) {
    auto r = run("a :: Idle;\na :: Discard;");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.diagnostics,
              "t.click:2:1: redeclaration of element 'a'\n"
              "t.click:1:1: note: element 'a' previously declared here\n");
}

TEST(Errors, MissingElementInConnection) {
    EXPECT_EQ(errors_only("a, b :: Idle;\na -> -> b;"),
              "t.click:2:6: syntax error: connection has no destination element\n");
    EXPECT_EQ(errors_only("-> a :: Idle;"), "t.click:1:1: syntax error: connection has no source element\n");
}

TEST(Errors, MissingClassAfterColonColon) {
    EXPECT_EQ(errors_only("a :: Idle\nb :: ;"),
              "t.click:2:6: syntax error: expected class name or '{' after '::', found ';'\n");
}

TEST(Errors, WrongNumberOfCompoundArguments) {
    const std::string cls = "elementclass F { $a | input -> Q($a) -> output }\nx, y :: Idle;\n";
    EXPECT_EQ(errors_only(cls + "x -> f :: F(1, 2) -> y;"),
              "t.click:3:6: element 'f' of class 'F': too many arguments (expected 1, got 2)\n");
    EXPECT_EQ(errors_only(cls + "x -> f :: F -> y;"),
              "t.click:3:6: element 'f' of class 'F': too few arguments (expected 1, got 0): missing '$a'\n");
    EXPECT_EQ(errors_only("c :: { COUNT $count | }(1);"),
              "t.click:1:1: element 'c' of class compound element: missing 'COUNT' parameter\n");
}

TEST(Errors, NoOverloadMatches) {
    EXPECT_EQ(errors_only("elementclass O { $a | X($a) || $a, $b | Y }\nO(1, 2, 3);"),
              "t.click:2:1: element 'O@1' of class 'O': no definition matches 3 argument(s), 0 input(s) and 0 "
              "output(s)\n");
}

TEST(Errors, UnterminatedStringCommentAndConfig) {
    EXPECT_EQ(errors_only("x :: P(\"abc);\ny :: Idle;"), "t.click:1:8: unterminated string: \" without closing \"\n");
    EXPECT_EQ(errors_only("a :: Idle; /* oops"), "t.click:1:12: unterminated comment: '/*' without '*/'\n");
    EXPECT_EQ(errors_only("a :: Idle;\nb :: P(1, 2"),
              "t.click:2:7: unterminated configuration string: '(' without matching ')'\n");
}

TEST(Errors, UnbalancedBrackets) {
    EXPECT_EQ(errors_only("elementclass A {\n  input -> B -> output;\n"),
              "t.click:1:16: unmatched '{': no closing '}' before end of file\n");
    EXPECT_EQ(errors_only("a :: Idle;\n}\nb :: Idle;"), "t.click:2:1: syntax error: unmatched '}'\n");
    EXPECT_EQ(errors_only("a, b :: Idle; a -> ( -> b"),
              "t.click:1:20: unmatched '(': element group has no closing ')'\n");
    EXPECT_EQ(errors_only("a, b :: Idle;\na [1 -> b;"),
              "t.click:2:6: syntax error: expected ',' or ']' in port list, found '->'\n");
    EXPECT_EQ(errors_only("a :: Idle;\n)"), "t.click:2:1: syntax error: unmatched ')'\n");
}

TEST(Errors, UndefinedParameters) {
    EXPECT_EQ(errors_only("x :: P(1, $nope);"), "t.click:1:11: undefined parameter '$nope'\n");
    EXPECT_EQ(errors_only("x :: P(1,\n  ${nope});"), "t.click:2:3: undefined parameter '$nope'\n");
    // Inside a compound: reported where the reference is written.
    auto r = run("elementclass C {\n  $a |\n  x :: P($b)\n}\nc :: C(1);");
    EXPECT_EQ(r.diagnostics,
              "t.click:3:10: undefined parameter '$b'\n"
              "t.click:5:1: note: in compound element 'c'\n");
}

TEST(Errors, ManyToManyNeedsDoubleArrowAndMatchingCounts) {
    EXPECT_EQ(errors_only("a, b, c, d :: Idle;\na, b -> c, d;"),
              "t.click:2:6: syntax error: many-to-many connections require '=>'\n");
    EXPECT_EQ(errors_only("a, b :: Idle;\na [0,1] => [0,1,2] b;"),
              "t.click:2:9: connection mismatch: 2 outputs connected to 3 inputs\n");
    EXPECT_EQ(errors_only("a, b :: Idle;\na [] => [] b;"),
              "t.click:2:6: at most one expandable port '[]' allowed per connection\n");
}

TEST(Errors, PseudoElementMisuse) {
    EXPECT_EQ(errors_only("elementclass A { X -> input }"),
              "t.click:1:23: 'input' has no input ports (it is where connections enter)\n");
    EXPECT_EQ(errors_only("elementclass A { output -> X }"),
              "t.click:1:18: 'output' has no output ports (it is where connections leave)\n");
    EXPECT_EQ(errors_only("input -> Discard;"),
              "t.click:1:1: 'input' used outside a compound element or element group\n");
    EXPECT_EQ(errors_only("elementclass A { input :: X }"),
              "t.click:1:18: 'input' cannot be declared as an element name\n");
    EXPECT_EQ(errors_only("elementclass A { input -> X -> output; input [2] -> Y -> output }"),
              "t.click:1:18: 'input' port 1 unused (ports up to 2 are used)\n");
}

TEST(Errors, SelfReferenceIsReportedAsNotRecursive) {
    Diagnostics diag;
    parse_and_flatten("elementclass Loop { input -> Loop -> output }\nx :: Loop;", "t.click", diag);
    EXPECT_FALSE(diag.has_errors());
    ASSERT_EQ(diag.all().size(), 1u);
    EXPECT_EQ(diag.all()[0].str(),
              "t.click:1:30: warning: 'Loop' inside its own elementclass refers to a primitive class 'Loop' "
              "(element classes are not recursive)");
}

TEST(Errors, DefineMistakes) {
    EXPECT_EQ(errors_only("define(x 1);"), "t.click:1:8: define: expected '$NAME value', found 'x 1'\n");
    auto r = run("define($a 1,\n       $a 2);");
    EXPECT_EQ(r.diagnostics,
              "t.click:2:8: parameter '$a' defined twice in the same scope\n"
              "t.click:1:8: note: first definition of '$a' is here\n");
}

TEST(Errors, AllErrorsReportedAtOnce) {
    auto e = errors_only(
        "a :: Idle;\n"
        "a :: Idle;\n"   // redeclaration
        "b :: P($x);\n"  // undefined parameter
        "c :: ;\n"       // syntax
        "d, e :: Idle;\n"
        "d [0,1] -> [0,1] e;\n");  // many-to-many
    EXPECT_EQ(e,
              "t.click:2:1: redeclaration of element 'a'\n"
              "t.click:4:6: syntax error: expected class name or '{' after '::', found ';'\n"
              "t.click:6:9: syntax error: many-to-many connections require '=>'\n"
              "t.click:3:8: undefined parameter '$x'\n");
}

TEST(Errors, InvalidCharactersAndIdentifiers) {
    EXPECT_EQ(errors_only("a :: Idle; a -> ! Discard;"), "t.click:1:17: syntax error: unexpected character '!'\n");
    EXPECT_EQ(errors_only(std::string("a :: Idle;\n b\0c :: Idle;", 24)),
              "t.click:2:3: syntax error: unexpected character '\\x00'\n");
    EXPECT_EQ(errors_only("x :: 12/ab;"), "t.click:1:6: invalid identifier '12/ab'\n");
}

TEST(Errors, TooManyErrorsAreCapped) {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "a :: ;\n";
    Diagnostics diag;
    parse_and_flatten(text, "t.click", diag);
    EXPECT_LE(diag.all().size(), Diagnostics::max_errors + 1);
    EXPECT_EQ(diag.all().back().message, "too many errors, stopping here");
}

TEST(Errors, NestingDepthIsLimited) {
    std::string text = "elementclass C0 { input -> X -> output }\n";
    for (int i = 1; i <= 120; ++i)
        text += "elementclass C" + std::to_string(i) + " { input -> C" + std::to_string(i - 1) + " -> output }\n";
    text += "Idle -> C120 -> Discard;\n";
    auto e = errors_only(text);
    EXPECT_NE(e.find("compound elements nested more than 100 deep"), std::string::npos) << e;
}

TEST(Errors, ExpansionSizeIsLimited) {
    // Each level doubles the element count: 2^12 elements with a limit of 1000.
    std::string text = "elementclass C0 { X; X }\n";
    for (int i = 1; i <= 12; ++i)
        text += "elementclass C" + std::to_string(i) + " { C" + std::to_string(i - 1) + "; C" + std::to_string(i - 1) +
                " }\n";
    text += "C12;\n";
    FlattenOptions o;
    o.max_elements = 1000;
    auto r = run(text, o);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.diagnostics.find("configuration expands to more than 1000 elements"), std::string::npos);
}

TEST(Errors, GarbageNeverCrashes) {
    std::string text;
    unsigned seed = 12345;
    for (int round = 0; round < 200; ++round) {
        text.clear();
        for (int i = 0; i < 300; ++i) {
            seed = seed * 1103515245u + 12345u;
            const char alphabet[] = "ab:(){}[]->=>,;|.$ \n/*\"'#0123456789XY@";
            text += alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        Diagnostics diag;
        parse_and_flatten(text, "g.click", diag);  // must return
    }
    SUCCEED();
}

TEST(Errors, DeepBracketNestingIsAnErrorNotAStackOverflow) {
    std::string text = "a :: Idle; a -> ";
    for (int i = 0; i < 5000; ++i) text += "{";
    auto e = errors_only(text);
    EXPECT_NE(e.find("t.click:1:117: nesting of '{' and '(' deeper than 100"), std::string::npos) << e;
    std::string groups = "a :: Idle; a -> ";
    for (int i = 0; i < 5000; ++i) groups += "(";
    EXPECT_NE(errors_only(groups).find("deeper than 100"), std::string::npos);
}
