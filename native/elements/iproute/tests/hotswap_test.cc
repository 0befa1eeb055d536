// Hot-swap: routes added or set through handlers move to the new element of the same
// name and class; the configuration's routes come from the new configuration.
#include <gtest/gtest.h>

#include "route_helpers.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

std::string config_for(const std::string& cls, const std::string& routes, int outputs = 4) {
    std::string c = "in :: TestInject -> rt :: " + cls + "(" + routes + ");\n";
    for (int i = 0; i < outputs; ++i) c += "rt[" + std::to_string(i) + "] -> TestCollect;\n";
    return c;
}

class HotSwap : public ::testing::TestWithParam<const char*> {};

TEST_P(HotSwap, RunTimeRoutesSurvive) {
    auto a = build(config_for(GetParam(), "10.0.0.0/8 0, 10.1.0.0/16 1"));
    ASSERT_TRUE(a.router) << a.errors;
    EXPECT_EQ(a.write("rt.add", "10.2.0.0/16 10.2.0.1 2"), "");
    EXPECT_EQ(a.write("rt.set", "10.1.0.0/16 3"), "");  // replaces a configured route: now a run-time one
    EXPECT_EQ(a.write("rt.remove", "10.0.0.0/8"), "");

    auto b = build(config_for(GetParam(), "10.0.0.0/8 1, 10.1.0.0/16 1, 20.0.0.0/8 0"));
    ASSERT_TRUE(b.router) << b.errors;
    CollectingErrorHandler errh;
    b.router->take_state_from(*a.router, &errh);
    EXPECT_EQ(errh.str(), "");
    EXPECT_EQ(b.read("rt.table"),
              "10.0.0.0/8\t-\t1\n"
              "10.1.0.0/16\t-\t3\n"
              "10.2.0.0/16\t10.2.0.1\t2\n"
              "20.0.0.0/8\t-\t0\n");
    EXPECT_EQ(b.write("rt.lookup", "10.1.7.7"), "");
    EXPECT_EQ(b.read("rt.lookup"), "3\n");

    // Still run-time routes in the new element: a second swap keeps them again.
    auto c = build(config_for(GetParam(), ""));
    ASSERT_TRUE(c.router) << c.errors;
    c.router->take_state_from(*b.router, &errh);
    EXPECT_EQ(c.read("rt.table"),
              "10.1.0.0/16\t-\t3\n"
              "10.2.0.0/16\t10.2.0.1\t2\n");
}

TEST_P(HotSwap, RoutesToMissingOutputsAreDroppedWithAWarning) {
    auto a = build(config_for(GetParam(), "10.0.0.0/8 0"));
    ASSERT_TRUE(a.router) << a.errors;
    EXPECT_EQ(a.write("rt.add", "10.2.0.0/16 3"), "");
    EXPECT_EQ(a.write("rt.add", "10.3.0.0/16 1"), "");
    auto b = build(config_for(GetParam(), "", 2));
    ASSERT_TRUE(b.router) << b.errors;
    CollectingErrorHandler errh;
    b.router->take_state_from(*a.router, &errh);
    std::string cls = GetParam();
    EXPECT_EQ(errh.str(), "test.click:1:21: warning: rt :: " + cls +
                              ": run-time route '10.2.0.0/16\t-\t3' dropped: OUTPUT 3 out of range (0 to 1)\n");
    EXPECT_EQ(b.read("rt.table"), "10.3.0.0/16\t-\t1\n");
}

INSTANTIATE_TEST_SUITE_P(DynamicTables, HotSwap,
                         ::testing::Values("LinearIPLookup", "RadixIPLookup", "DirectIPLookup", "RangeIPLookup"));

TEST(HotSwap, OnlyTheSameClassTakesRoutes) {
    auto a = build(config_for("RadixIPLookup", ""));
    ASSERT_TRUE(a.router);
    EXPECT_EQ(a.write("rt.add", "10.2.0.0/16 3"), "");
    auto b = build(config_for("DirectIPLookup", ""));
    ASSERT_TRUE(b.router);
    CollectingErrorHandler errh;
    b.router->take_state_from(*a.router, &errh);
    EXPECT_EQ(b.read("rt.table"), "");
}

}  // namespace
