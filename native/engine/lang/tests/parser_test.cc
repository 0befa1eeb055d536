// Parser: the scopes it builds (declarations, compound formals, requirements, libraries).
#include "lang/parser.hh"

#include <gtest/gtest.h>

#include "helpers.hh"

using namespace clickos::lang;

TEST(Parser, DeclarationsAndConnectionsOfTheTopScope) {
    Diagnostics d;
    auto top = parse_config("a, b :: Idle;\na [1] -> [2] b;", "p.click", d);
    ASSERT_FALSE(d.has_errors()) << d.str();
    ASSERT_EQ(top->nodes.size(), 2u);
    EXPECT_EQ(top->nodes[0].name, "a");
    EXPECT_EQ(top->nodes[1].cls.name, "Idle");
    EXPECT_EQ(top->nodes[1].loc.str(), "p.click:1:4");
    ASSERT_EQ(top->connections.size(), 1u);
    EXPECT_EQ(top->connections[0].from_port, 1);
    EXPECT_EQ(top->connections[0].to_port, 2);
    EXPECT_EQ(top->connections[0].loc.str(), "p.click:2:7");
}

TEST(Parser, CompoundFormalsAndPorts) {
    Diagnostics d;
    auto top = parse_config(
        "elementclass F { $a, $b, KEY $k, __REST__ $r | input -> x :: X -> output; x [1] -> [1] output }", "p", d);
    ASSERT_FALSE(d.has_errors()) << d.str();
    const auto& cls = top->classes.at("F");
    ASSERT_TRUE(cls.is_compound());
    ASSERT_EQ(cls.compound->alternatives.size(), 1u);
    const auto& body = *cls.compound->alternatives[0];
    EXPECT_EQ(body.positional, (std::vector<std::string>{"$a", "$b"}));
    ASSERT_EQ(body.keywords.size(), 1u);
    EXPECT_EQ(body.keywords[0].keyword, "KEY");
    EXPECT_EQ(body.rest, "$r");
    EXPECT_EQ(body.ninputs, 1);
    EXPECT_EQ(body.noutputs, 2);
}

TEST(Parser, FormalMistakes) {
    Diagnostics d;
    parse_config("elementclass F { KEY $k, $a | }\nelementclass G { $a, $a | }", "p", d);
    EXPECT_EQ(d.str(),
              "p:1:26: positional parameter '$a' after keyword parameters\n"
              "p:2:22: formal parameter '$a' repeated\n");
}

TEST(Parser, RequirementsAreRecorded) {
    Diagnostics d;
    auto top = parse_config("require(package clickos-firewall, library \"x.click\", legacy);", "p", d);
    // No library reader was given: the library is an error, the rest is recorded.
    ASSERT_EQ(top->requirements.size(), 2u);
    EXPECT_EQ(top->requirements[0].kind, "package");
    EXPECT_EQ(top->requirements[0].name, "clickos-firewall");
    EXPECT_EQ(top->requirements[1].kind, "");
    EXPECT_EQ(top->requirements[1].name, "legacy");
    EXPECT_EQ(d.str(), "p:1:35: require(library x.click): libraries cannot be read here\n");
}

TEST(Parser, LibrariesAreReadOnceAndTheirClassesVisible) {
    int reads = 0;
    ParseOptions o;
    o.read_library = [&](const std::string& name, const std::string&, std::string& path) -> std::optional<std::string> {
        ++reads;
        path = "/lib/" + name;
        if (name == "lib.click") return std::string("elementclass Wrap { input -> Counter -> output }\n");
        return std::nullopt;
    };
    Diagnostics d;
    auto g = parse_and_flatten(
        "require(library lib.click, library lib.click);\nIdle -> Wrap -> Discard;\n"
        "require(library missing.click);",
        "main.click", d, o);
    EXPECT_EQ(reads, 3);
    EXPECT_EQ(d.str(), "main.click:3:9: require(library missing.click): file not found\n");
    ASSERT_EQ(g.elements.size(), 3u);
    EXPECT_EQ(g.elements[1].name, "Wrap@2/Counter@1");
}

TEST(Parser, LibraryErrorsPointIntoTheLibrary) {
    ParseOptions o;
    o.read_library = [&](const std::string& name, const std::string&, std::string& path) -> std::optional<std::string> {
        path = name;
        return std::string("\n  a :: ;\n");
    };
    Diagnostics d;
    parse_and_flatten("require(library bad.click);", "main.click", d, o);
    EXPECT_EQ(d.str(), "bad.click:2:8: syntax error: expected class name or '{' after '::', found ';'\n");
}

TEST(Parser, LibraryOnlyAtFileScope) {
    ParseOptions o;
    o.read_library = [](const std::string&, const std::string&, std::string& path) -> std::optional<std::string> {
        path = "x";
        return std::string();
    };
    Diagnostics d;
    parse_config("elementclass A { require(library x.click) }", "p", d, o);
    EXPECT_EQ(d.str(), "p:1:26: require(library ...) is only allowed at file scope\n");
}

TEST(Parser, LineDirectiveMovesErrorLocations) {
    Diagnostics d;
    parse_config("# 100 \"generated.click\"\nb :: ;", "p", d);
    EXPECT_EQ(d.str(), "generated.click:100:6: syntax error: expected class name or '{' after '::', found ';'\n");
}

TEST(Parser, SemicolonsAreOptional) {
    auto r = clickos::lang::test::run("a :: Idle b :: Idle a -> b");
    ASSERT_TRUE(r.ok) << r.diagnostics;
    EXPECT_EQ(r.flat, "a :: Idle;\nb :: Idle;\n\na -> b;\n");
}
