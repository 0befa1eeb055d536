// Configuration errors of the routing tables, each reported at the route argument that
// is wrong (columns counted by hand).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos::testing;

TEST(RouteArguments, BadRoutes) {
    EXPECT_EQ(errors_of("TestInject -> rt :: RadixIPLookup(10.0.0.0/8 0, 10.0.0.0/33 1) -> TestCollect;"),
              "test.click:1:49: rt :: RadixIPLookup: bad route '10.0.0.0/33 1': bad ADDR/MASK '10.0.0.0/33'\n");
    EXPECT_EQ(errors_of("TestInject -> rt :: RadixIPLookup(10.0.0.0/8 1) -> TestCollect;"),
              "test.click:1:35: rt :: RadixIPLookup: bad route '10.0.0.0/8 1': OUTPUT 1 out of range (0 to 0)\n");
    EXPECT_EQ(errors_of("TestInject -> rt :: StaticIPLookup(10.0.0.0/8 0);"),
              "test.click:1:36: rt :: StaticIPLookup: bad route '10.0.0.0/8 0': OUTPUT 0 out of range (no outputs)\n");
    EXPECT_EQ(errors_of("TestInject -> rt :: RangeIPLookup(10.0.0.0/8 1.2.3.4.5 0) -> TestCollect;"),
              "test.click:1:35: rt :: RangeIPLookup: bad route '10.0.0.0/8 1.2.3.4.5 0': bad GATEWAY '1.2.3.4.5'\n");
}

TEST(RouteArguments, OneErrorPerBadRouteAcrossLines) {
    EXPECT_EQ(errors_of("rt :: DirectIPLookup(\n"
                        "  10.0.0.0/8 0,\n"
                        "  10.0.0.0/8 x,\n"
                        "  bogus);\n"
                        "TestInject -> rt -> TestCollect;"),
              "test.click:3:3: rt :: DirectIPLookup: bad route '10.0.0.0/8 x': bad OUTPUT 'x'\n"
              "test.click:4:3: rt :: DirectIPLookup: bad route 'bogus': expected ADDR/MASK [GATEWAY] OUTPUT\n");
}

TEST(RouteArguments, MasksMustBePrefixesExceptInLinearTables) {
    for (const char* cls : {"RadixIPLookup", "DirectIPLookup", "RangeIPLookup"}) {
        std::string c = cls;
        std::string col = std::to_string(21 + c.size() + 1);
        EXPECT_EQ(errors_of("TestInject -> rt :: " + c + "(10.0.0.0/255.0.255.0 0) -> TestCollect;"),
                  "test.click:1:" + col + ": rt :: " + c +
                      ": bad route '10.0.0.0/255.0.255.0 0': mask 255.0.255.0 is not a prefix (contiguous ones)\n");
    }
    EXPECT_EQ(errors_of("TestInject -> rt :: LinearIPLookup(10.0.0.0/255.0.255.0 0) -> TestCollect;"), "");
    EXPECT_EQ(errors_of("TestInject -> rt :: StaticIPLookup(10.0.0.0/255.0.255.0 0) -> TestCollect;"), "");
}

TEST(RouteArguments, RepeatedPrefixWarns) {
    auto b = build("in :: TestInject -> rt :: LinearIPLookup(10.0.0.0/8 0, 10.0.0.0/8 10.0.0.1 0) -> TestCollect;");
    ASSERT_TRUE(b.router);
    EXPECT_EQ(b.errors,
              "test.click:1:21: warning: rt :: LinearIPLookup: 1 route replaced by a later route for the same "
              "ADDR/MASK\n");
    EXPECT_EQ(b.read("rt.table"), "10.0.0.0/8\t10.0.0.1\t0\n");
}
