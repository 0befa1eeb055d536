// Route text: "ADDR/MASK [GATEWAY] OUTPUT" and the remove form, parsed by hand-checked
// examples.
#include <gtest/gtest.h>

#include "iproute/ip_route.hh"
#include "route_helpers.hh"

using namespace clickos;
using namespace routetest;

TEST(RouteText, FullForms) {
    IPRoute r;
    std::string why;
    ASSERT_TRUE(parse_route("18.26.4.0/24 1", r, why)) << why;
    EXPECT_EQ(r.addr, ip("18.26.4.0"));
    EXPECT_EQ(r.mask, ip("255.255.255.0"));
    EXPECT_EQ(r.gw, 0u);
    EXPECT_EQ(r.port, 1);
    EXPECT_EQ(r.prefix_len(), 24);

    ASSERT_TRUE(parse_route("0/0 18.26.4.1 12", r, why)) << why;
    EXPECT_EQ(r.addr, 0u);
    EXPECT_EQ(r.mask, 0u);
    EXPECT_EQ(r.gw, ip("18.26.4.1"));
    EXPECT_EQ(r.port, 12);
    EXPECT_EQ(r.table_line(), "0.0.0.0/0\t18.26.4.1\t12");

    // A bare address is a host route; host bits beyond the mask are cleared.
    ASSERT_TRUE(parse_route("18.26.4.24 0", r, why)) << why;
    EXPECT_EQ(r.prefix_str(), "18.26.4.24/32");
    ASSERT_TRUE(parse_route("10.1.2.3/8\t3", r, why)) << why;
    EXPECT_EQ(r.table_line(), "10.0.0.0/8\t-\t3");
    ASSERT_TRUE(parse_route("10.0.0.0/255.255.0.0 0", r, why)) << why;
    EXPECT_EQ(r.prefix_len(), 16);
    ASSERT_TRUE(parse_route("10.0.0.0/255.0.255.0 0", r, why)) << why;
    EXPECT_EQ(r.prefix_len(), -1);
    EXPECT_EQ(r.prefix_str(), "10.0.0.0/255.0.255.0");
}

TEST(RouteText, Rejected) {
    IPRoute r;
    std::string why;
    EXPECT_FALSE(parse_route("10.0.0.0/8", r, why));
    EXPECT_EQ(why, "expected ADDR/MASK [GATEWAY] OUTPUT");
    EXPECT_FALSE(parse_route("10.0.0.0/8 1.1.1.1 2 3", r, why));
    EXPECT_EQ(why, "expected ADDR/MASK [GATEWAY] OUTPUT");
    EXPECT_FALSE(parse_route("", r, why));
    EXPECT_FALSE(parse_route("10.0.0.0/33 1", r, why));
    EXPECT_EQ(why, "bad ADDR/MASK '10.0.0.0/33'");
    EXPECT_FALSE(parse_route("10.0.0.256/8 1", r, why));
    EXPECT_EQ(why, "bad ADDR/MASK '10.0.0.256/8'");
    EXPECT_FALSE(parse_route("10.0.0.0/8 x", r, why));
    EXPECT_EQ(why, "bad OUTPUT 'x'");
    EXPECT_FALSE(parse_route("10.0.0.0/8 -1", r, why));
    EXPECT_EQ(why, "bad OUTPUT '-1'");
    EXPECT_FALSE(parse_route("10.0.0.0/8 1.2.3 1", r, why));
    EXPECT_EQ(why, "bad GATEWAY '1.2.3'");
}

TEST(RouteText, RemoveForms) {
    IPRoute r;
    std::string why;
    ASSERT_TRUE(parse_route_key("10.0.0.0/8", r, why));
    EXPECT_EQ(r.port, -1);
    ASSERT_TRUE(parse_route_key("10.0.0.0/8 2", r, why));
    EXPECT_EQ(r.port, 2);
    EXPECT_EQ(r.gw, 0u);
    ASSERT_TRUE(parse_route_key("10.0.0.0/8 10.0.0.1 2", r, why));
    EXPECT_EQ(r.gw, ip("10.0.0.1"));
    EXPECT_FALSE(parse_route_key("", r, why));
    EXPECT_EQ(why, "expected ADDR/MASK [[GATEWAY] OUTPUT]");
    EXPECT_FALSE(parse_route_key("nope", r, why));
    EXPECT_EQ(why, "bad ADDR/MASK 'nope'");
}
