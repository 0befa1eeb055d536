// Standard per-element handlers, global handlers, and handler errors.
#include <gtest/gtest.h>

#include "clickos/element_class.hh"
#include "clickos/element_docs.hh"
#include "testing.hh"

using namespace clickos;
using clickos::testing::build;

TEST(Handlers, StandardElementHandlers) {
    auto b = build("src :: InfiniteSource(LIMIT 4, STOP true) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(1'000'000'000);
    EXPECT_EQ(b.read("c.name"), "c\n");
    EXPECT_EQ(b.read("c.class"), "Counter\n");
    EXPECT_EQ(b.read("src.config"), "LIMIT 4, STOP true\n");
    EXPECT_EQ(b.read("c.ports"), "1 input\npush\tsrc [0]\n1 output\npush\tDiscard@3 [0]\n");
    EXPECT_EQ(b.read("c.icounts"), "4\n");
    EXPECT_EQ(b.read("c.ocounts"), "4\n");
    std::string handlers = b.read("c.handlers");
    for (const char* h : {"name\tr\n", "count\tr\n", "reset\tw\n", "count_call\trw\n", "icounts\tr\n"})
        EXPECT_NE(handlers.find(h), std::string::npos) << h << " in\n" << handlers;
}

TEST(Handlers, GlobalHandlers) {
    auto b = build("require(package_free_check);\nIdle -> d :: Discard;");
    // an unknown package fails: use a configuration without requirements for the rest
    auto ok = build("Idle -> d :: Discard;");
    ASSERT_TRUE(ok.router) << ok.errors;
    EXPECT_EQ(ok.read("list"), "2\nIdle@1\nd\n");
    EXPECT_EQ(ok.read("config"), "Idle -> d :: Discard;");
    EXPECT_EQ(ok.read("flatconfig"), "Idle@1 :: Idle;\nd :: Discard;\n\nIdle@1 -> d;\n");
    EXPECT_NE(ok.read("classes").find("Counter\n"), std::string::npos);
    EXPECT_FALSE(ok.read("version").empty());
    EXPECT_EQ(ok.read("requirements"), "");
}

TEST(Handlers, WritesAreValidated) {
    auto b = build("Idle -> q :: Queue(10) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("q.capacity", "25"), "");
    EXPECT_EQ(b.read("q.capacity"), "25\n");
    EXPECT_EQ(b.write("q.capacity", "lots"), "capacity: expected integer");
    EXPECT_EQ(b.read("q.capacity"), "25\n");  // unchanged
    EXPECT_EQ(b.write("q.nonesuch", "1"), "element 'q' has no handler 'nonesuch'");
    EXPECT_EQ(b.write("nobody.count", "1"), "no element named 'nobody'");
    EXPECT_EQ(b.write("q.length", "1"), "handler 'q.length' is not writable");
    EXPECT_EQ(b.read("q.reset"), "ERROR: handler 'q.reset' is not readable");
}

TEST(Handlers, CounterReset) {
    auto b = build("InfiniteSource(LIMIT 10, STOP true) -> c :: Counter -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(1'000'000'000);
    EXPECT_EQ(b.read("c.count"), "10\n");
    EXPECT_EQ(b.read("c.byte_count"), "640\n");  // 10 packets of the default 64 bytes
    EXPECT_EQ(b.write("c.reset", ""), "");
    EXPECT_EQ(b.read("c.count"), "0\n");
}

TEST(Documentation, EveryElementClassHasADocBlock) {
    for (const auto* c : ElementRegistry::global().all()) {
        if (c->name.rfind("Test", 0) == 0 || !c->package.empty()) continue;  // test-only and package classes
        std::unique_ptr<Element> e(c->make());
        const ElementDoc* d = find_element_doc(e->class_name());
        ASSERT_NE(d, nullptr) << c->name << " has no @element doc block in its header";
        EXPECT_STRNE(d->summary, "") << c->name;
        EXPECT_STRNE(d->synopsis, "") << c->name;
    }
}

TEST(Handlers, CallFromResolvesRelativeNamesAndSplitsTheValue) {
    auto b = build("c :: { input -> q :: Queue(5) -> output }; Idle -> c -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    Element* inner = b.router->find("c/q");
    std::string error;
    EXPECT_TRUE(b.router->call_from(inner, "  q.capacity \t 9 ", error)) << error;
    EXPECT_EQ(b.read("c/q.capacity"), "9\n");
    EXPECT_FALSE(b.router->call_from(inner, "   ", error));
    EXPECT_EQ(error, "empty handler call");
    EXPECT_FALSE(b.router->call_from(inner, "nobody.capacity 3", error));
    EXPECT_EQ(error, "no element named 'nobody'");
}
