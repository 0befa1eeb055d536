// Flattening: expected outputs written by hand from the Click language manual (click(5)).
#include <gtest/gtest.h>

#include "helpers.hh"

using namespace clickos::lang;
using clickos::lang::test::run;

TEST(Flatten, DeclarationsAndConnection) {
    auto r = run("a :: Idle; b :: Discard; a -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Discard;\n\na -> b;\n");
}

TEST(Flatten, AnonymousElementsNumberedInTheirScope) {
    auto r = run("InfiniteSource(LENGTH 50) -> EtherEncap(0x0800, 1:2:3:4:5:6, 6:5:4:3:2:1) -> Discard;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "InfiniteSource@1 :: InfiniteSource(LENGTH 50);\n"
              "EtherEncap@2 :: EtherEncap(0x0800, 1:2:3:4:5:6, 6:5:4:3:2:1);\n"
              "Discard@3 :: Discard;\n\n"
              "InfiniteSource@1 -> EtherEncap@2;\n"
              "EtherEncap@2 -> Discard@3;\n");
}

TEST(Flatten, AnonymousNameSkipsNamesTakenByTheUser) {
    auto r = run("Idle@1 :: Idle; Idle -> Discard;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    // One element precedes the anonymous Idle, so it would be Idle@2; Discard is the third.
    EXPECT_EQ(r.flat, "Idle@1 :: Idle;\nIdle@2 :: Idle;\nDiscard@3 :: Discard;\n\nIdle@2 -> Discard@3;\n");
}

TEST(Flatten, PortsOnBothSidesAndChains) {
    auto r =
        run("a, x, b :: Idle;\n"
            "a [1] -> [2] x [3] -> [4] b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nx :: Idle;\nb :: Idle;\n\na [1] -> [2] x;\nx [3] -> [4] b;\n");
}

TEST(Flatten, DeclarationInsideConnection) {
    auto r = run("s :: Idle; s -> q :: Queue(10) -> Discard;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "s :: Idle;\nq :: Queue(10);\nDiscard@3 :: Discard;\n\ns -> q;\nq -> Discard@3;\n");
}

TEST(Flatten, ManyToOneAndOneToMany) {
    auto r = run("n1, n2, n3, x :: Idle;\nn1, n2 [1], n3 -> [2] x;\nx -> n1, [1] n2;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "n1 :: Idle;\nn2 :: Idle;\nn3 :: Idle;\nx :: Idle;\n\n"
              "n1 -> [2] x;\nn2 [1] -> [2] x;\nn3 -> [2] x;\nx -> n1;\nx -> [1] n2;\n");
}

TEST(Flatten, DeclarationInManyToOneDeclaresOnlyOneName) {
    // click(5): "n1, n2 :: class -> n3" declares only n2; n1 must exist already.
    auto r = run("n1, n3 :: Idle;\nn1, n2 :: Counter -> n3;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "n1 :: Idle;\nn3 :: Idle;\nn2 :: Counter;\n\nn1 -> n3;\nn2 -> n3;\n");
}

TEST(Flatten, ManyToManyWithDoubleArrow) {
    const char* expected =
        "c :: Classifier(00/01, 00/02, 00/03);\nnext :: Idle;\n"
        "Paint@3 :: Paint(0);\nPaint@4 :: Paint(1);\nPaint@5 :: Paint(2);\n\n"
        "c -> Paint@3;\nc [1] -> Paint@4;\nc [2] -> Paint@5;\n"
        "Paint@3 -> next;\nPaint@4 -> next;\nPaint@5 -> next;\n";
    auto explicit_ports =
        run("c :: Classifier(00/01, 00/02, 00/03); next :: Idle;\n"
            "c [0,1,2] => Paint(0), Paint(1), Paint(2) -> next;");
    ASSERT_TRUE(explicit_ports.ok) << explicit_ports.diagnostics;
    EXPECT_EQ(explicit_ports.flat, expected);
    auto implicit_ports =
        run("c :: Classifier(00/01, 00/02, 00/03); next :: Idle;\n"
            "c => Paint(0), Paint(1), Paint(2) -> next;");
    ASSERT_TRUE(implicit_ports.ok) << implicit_ports.diagnostics;
    EXPECT_EQ(implicit_ports.flat, expected);
    auto listed =
        run("c :: Classifier(00/01, 00/02, 00/03); next :: Idle;\n"
            "c [0], c [1], c [2] => Paint(0), Paint(1), Paint(2) -> next;");
    ASSERT_TRUE(listed.ok) << listed.diagnostics;
    EXPECT_EQ(listed.flat, expected);
}

TEST(Flatten, ExpandablePortTakesWhatTheOtherSideNeeds) {
    auto r = run("a, b, c :: Idle;\na [] => b, [1] c;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Idle;\nc :: Idle;\n\na -> b;\na [1] -> [1] c;\n");
}

TEST(Flatten, RepeatedConnectionsAppearOnce) {
    auto r = run("a, b :: Idle; a -> b; a -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Idle;\n\na -> b;\n");
}

// --- compound elements ---

TEST(Flatten, CompoundWithTwoPortsFromTheManual) {
    auto r =
        run("a, b, c, d :: Idle;\n"
            "compound :: {\n"
            "  input -> X -> output;\n"
            "  input [1] -> Y -> [1] output;\n"
            "};\n"
            "a -> compound -> b;\n"
            "c -> [1] compound [1] -> d;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\nc :: Idle;\nd :: Idle;\n"
              "compound/X@1 :: X;\ncompound/Y@2 :: Y;\n\n"
              "a -> compound/X@1;\nc -> compound/Y@2;\ncompound/X@1 -> b;\ncompound/Y@2 -> d;\n");
}

TEST(Flatten, InlineCompoundIsExpandedAway) {
    auto r = run("a, b :: Idle;\na -> { input -> X -> output } -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Idle;\n@3/X@1 :: X;\n\na -> @3/X@1;\n@3/X@1 -> b;\n");
}

TEST(Flatten, UnconnectedCompoundInputDropsItsConnections) {
    auto r = run("b :: Idle;\n{ input -> X -> output } -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "b :: Idle;\n@2/X@1 :: X;\n\n@2/X@1 -> b;\n");
}

TEST(Flatten, PassThroughCompoundsAndGroups) {
    auto r =
        run("a, b :: Idle;\n"
            "a -> { -> } -> b;\n"
            "a [1] -> { [0] -> [0] } -> [1] b;\n"
            "a [2] -> (input -> output) -> [2] b;\n"
            "a [3] -> (->) -> [3] b;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\n\n"
              "a -> b;\na [1] -> [1] b;\na [2] -> [2] b;\na [3] -> [3] b;\n");
}

TEST(Flatten, ElementclassStatement) {
    auto r =
        run("elementclass MyQueue {\n"
            "  input -> Queue -> Shaper(1000) -> output;\n"
            "}\n"
            "a, b :: Idle;\n"
            "q :: MyQueue;\n"
            "a -> q -> b;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\nq/Queue@1 :: Queue;\nq/Shaper@2 :: Shaper(1000);\n\n"
              "a -> q/Queue@1;\nq/Queue@1 -> q/Shaper@2;\nq/Shaper@2 -> b;\n");
}

TEST(Flatten, ClassesAreLexicallyScoped) {
    // click(5): A's body refers to the B visible when A was defined (a primitive), not the later B.
    auto r =
        run("elementclass A { input -> B -> output }\n"
            "elementclass B { input -> C -> output }\n"
            "x, y :: Idle;\n"
            "x -> A -> y;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "x :: Idle;\ny :: Idle;\nA@3/B@1 :: B;\n\nx -> A@3/B@1;\nA@3/B@1 -> y;\n");
}

TEST(Flatten, RedefiningAClassWithItsOwnNameUsesTheOldOne) {
    auto r =
        run("elementclass Queue { input -> Queue -> Shaper(1000) -> output }\n"
            "a, b :: Idle;\n"
            "a -> Queue -> b;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\nQueue@3/Queue@1 :: Queue;\nQueue@3/Shaper@2 :: Shaper(1000);\n\n"
              "a -> Queue@3/Queue@1;\nQueue@3/Queue@1 -> Queue@3/Shaper@2;\nQueue@3/Shaper@2 -> b;\n");
}

TEST(Flatten, ElementclassSynonym) {
    auto r = run("elementclass MyQueue Queue;\nq :: MyQueue(3);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "q :: Queue(3);\n");
}

TEST(Flatten, PositionalParameters) {
    auto r = run("a, b :: Idle;\na -> { $a | input -> A(1, $a, 3) -> output } (100) -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Idle;\n@3/A@1 :: A(1, 100, 3);\n\na -> @3/A@1;\n@3/A@1 -> b;\n");
}

TEST(Flatten, KeywordAndRestParameters) {
    // click(5): { $a, COUNT $count, __REST__ $rest | ... }(1, 2, COUNT 3, FOO 4)
    // gives $a = 1, $count = 3, $rest = "2, FOO 4".
    auto r = run("c :: { $a, COUNT $count, __REST__ $rest | x :: P($a; $count; $rest) } (1, 2, COUNT 3, FOO 4);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "c/x :: P(1; 3; 2, FOO 4);\n");
}

TEST(Flatten, BracedAndDefaultedParameters) {
    auto r = run("define($dev eth0);\nx :: P(${dev}x, ${missing-fallback}, '$dev', \"$dev\");");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "x :: P(eth0x, fallback, '$dev', \"eth0\");\n");
}

TEST(Flatten, OverloadsChosenByArgumentsAndPorts) {
    auto r =
        run("elementclass MyQueue {\n"
            "  input -> Queue -> Shaper(1000) -> output;\n"
            "||\n"
            "  $cap | input -> Queue($cap) -> Shaper(1000) -> output;\n"
            "}\n"
            "a, b :: Idle;\n"
            "a -> q1 :: MyQueue -> b;\n"
            "a -> q2 :: MyQueue(5) -> b;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\n"
              "q1/Queue@1 :: Queue;\nq1/Shaper@2 :: Shaper(1000);\n"
              "q2/Queue@1 :: Queue(5);\nq2/Shaper@2 :: Shaper(1000);\n\n"
              "a -> q1/Queue@1;\na -> q2/Queue@1;\n"
              "q1/Queue@1 -> q1/Shaper@2;\nq1/Shaper@2 -> b;\n"
              "q2/Queue@1 -> q2/Shaper@2;\nq2/Shaper@2 -> b;\n");
}

TEST(Flatten, OverloadByPortCount) {
    auto r =
        run("elementclass Two { input -> X -> output || input -> Y -> output; input [1] -> Z -> [1] output }\n"
            "a, b :: Idle;\n"
            "a -> t1 :: Two -> b;\n"
            "a [0, 1] => t2 :: Two => [0, 1] b;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    // t1 uses one input and one output: the first alternative; t2 uses two of each: the second.
    EXPECT_EQ(r.flat,
              "a :: Idle;\nb :: Idle;\nt1/X@1 :: X;\nt2/Y@1 :: Y;\nt2/Z@2 :: Z;\n\n"
              "a -> t1/X@1;\na -> t2/Y@1;\na [1] -> t2/Z@2;\n"
              "t1/X@1 -> b;\nt2/Y@1 -> b;\nt2/Z@2 -> [1] b;\n");
}

TEST(Flatten, EllipsisExtendsThePreviousClass) {
    auto r =
        run("elementclass Queue {\n"
            "  $cap, $rate | input -> Queue($cap) -> Shaper($rate) -> output;\n"
            "|| ...\n"
            "}\n"
            "q :: Queue(5, 100);\n"
            "r :: Queue(7);\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "q/Queue@1 :: Queue(5);\nq/Shaper@2 :: Shaper(100);\nr :: Queue(7);\n\n"
              "q/Queue@1 -> q/Shaper@2;\n");
}

TEST(Flatten, ParametersAreLexicallyScoped) {
    // Inner's body sees Outer's $a (where Inner was defined), not Middle's $a (where it is used).
    auto r =
        run("elementclass Outer {\n"
            "  $a |\n"
            "  elementclass Inner { $b | DriverManager($a) }\n"
            "  elementclass Middle { $a | Idle; Inner($a) }\n"
            "  Middle(other);\n"
            "}\n"
            "Outer(stop);\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "Outer@1/Middle@1/Idle@1 :: Idle;\n"
              "Outer@1/Middle@1/Inner@2/DriverManager@1 :: DriverManager(stop);\n");
}

TEST(Flatten, ArgumentsUseTheCallersParameters) {
    auto r =
        run("elementclass Foo { $a | DriverManager($a) }\n"
            "elementclass Far { $a, $b | Foo($b) }\n"
            "Far(wait stop, stop);\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "Far@1/Foo@1/DriverManager@1 :: DriverManager(stop);\n");
}

TEST(Flatten, DefinitionsAreSimultaneousAndCommandLineWins) {
    auto r = run("Message($a); define($a 2, $b x);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "Message@1 :: Message(2);\n");
    FlattenOptions o;
    o.definitions["a"] = "from-command-line";
    auto r2 = run("Message($a); define($a 2);", o);
    ASSERT_TRUE(r2.ok) << r2.diagnostics;
    EXPECT_EQ(r2.flat, "Message@1 :: Message(from-command-line);\n");
}

TEST(Flatten, DefinitionsInsideCompoundsAreLocal) {
    auto r = run("define($x outer);\nc :: { define($x inner); a :: P($x) };\nb :: P($x);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "c/a :: P(inner);\nb :: P(outer);\n");
}

TEST(Flatten, ElementGroups) {
    auto r =
        run("x, y :: Idle;\n"
            "x => ( [0] -> [0]; [1] -> [1] ) -> y;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "x :: Idle;\ny :: Idle;\n\nx -> y;\nx [1] -> y;\n");
}

TEST(Flatten, GroupDeclarationsAreVisibleAfterTheGroup) {
    auto r = run("a, d :: Idle;\na => (-> c :: Idle), (-> b :: Idle), d;\nc -> b;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nd :: Idle;\nc :: Idle;\nb :: Idle;\n\na -> c;\na [1] -> b;\na [2] -> d;\nc -> b;\n");
}

TEST(Flatten, GroupDetourFromTheManual) {
    auto r =
        run("x, y :: Idle;\n"
            "x -> c :: Classifier(00/01) => (\n"
            "    input [0] -> output;\n"
            "    input [1] -> Paint(1) -> output\n"
            ") -> y;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "x :: Idle;\ny :: Idle;\nc :: Classifier(00/01);\nPaint@4 :: Paint(1);\n\n"
              "x -> c;\nc -> y;\nc [1] -> Paint@4;\nPaint@4 -> y;\n");
}

TEST(Flatten, RequirementsAndProvisions) {
    auto r = run("require(package clickos-firewall, fastclassifier);\nprovide(mything);\nIdle -> Discard;");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "require(package clickos-firewall);\nrequire(fastclassifier);\nprovide(mything);\n"
              "Idle@1 :: Idle;\nDiscard@2 :: Discard;\n\nIdle@1 -> Discard@2;\n");
}

TEST(Flatten, ScriptKeepsItsOwnVariables) {
    auto r = run("s :: Script(set x 1, print $x);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "s :: Script(set x 1, print $x);\n");
}

TEST(Flatten, CommentsInConfigurationStringsAreKept) {
    auto r = run("x :: P(1, /* two */ 2 // end\n);");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "x :: P(1, /* two */ 2 // end\n);\n");
}

TEST(Flatten, NestedCompoundsCompose) {
    auto r =
        run("elementclass Inner { input -> c :: Counter -> output }\n"
            "elementclass Outer { input -> i1 :: Inner -> i2 :: Inner -> output }\n"
            "s :: Idle; d :: Discard;\n"
            "s -> o :: Outer -> d;\n");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat,
              "s :: Idle;\nd :: Discard;\no/i1/c :: Counter;\no/i2/c :: Counter;\n\n"
              "s -> o/i1/c;\no/i1/c -> o/i2/c;\no/i2/c -> d;\n");
}
