// Configuration arguments: positional and keyword matching, types, errors with locations.
#include "clickos/args.hh"

#include <gtest/gtest.h>

using namespace clickos;

namespace {
struct Result {
    int status;
    std::string errors;
};

template <typename F>
Result parse(const std::string& config, F declare) {
    CollectingErrorHandler errh;
    Args args(config, Location{"t.click", 1, 10}, nullptr, &errh);
    declare(args);
    int s = args.complete();
    return {s, errh.str()};
}
}  // namespace

TEST(Args, PositionalThenKeywords) {
    uint32_t cap = 0, burst = 1;
    bool active = false;
    auto r = parse("200, ACTIVE true",
                   [&](Args& a) { a.read_mp("CAPACITY", cap).read_p("BURST", burst).read("ACTIVE", active); });
    EXPECT_EQ(r.status, 0) << r.errors;
    EXPECT_EQ(cap, 200u);
    EXPECT_EQ(burst, 1u);
    EXPECT_TRUE(active);
}

TEST(Args, PositionalArgumentsMayBeGivenByKeyword) {
    uint32_t cap = 0, burst = 0;
    auto r = parse("BURST 8, CAPACITY 5", [&](Args& a) { a.read_mp("CAPACITY", cap).read_p("BURST", burst); });
    EXPECT_EQ(r.status, 0) << r.errors;
    EXPECT_EQ(cap, 5u);
    EXPECT_EQ(burst, 8u);
}

TEST(Args, UppercaseWordThatIsNoKeywordIsPositional) {
    std::string label;
    auto r = parse("HELLO", [&](Args& a) { a.read_p("LABEL", label); });
    EXPECT_EQ(r.status, 0) << r.errors;
    EXPECT_EQ(label, "HELLO");
}

TEST(Args, ErrorsNameTheArgumentAndItsLocation) {
    uint32_t cap = 0;
    bool active = true;
    auto r = parse("x12, ACTIVE maybe", [&](Args& a) { a.read_mp("CAPACITY", cap).read("ACTIVE", active); });
    EXPECT_EQ(r.status, -1);
    EXPECT_EQ(r.errors,
              "t.click:1:10: CAPACITY: expected integer\n"
              "t.click:1:15: ACTIVE: expected boolean (true/false)\n");
}

TEST(Args, MissingUnknownRepeatedAndExtra) {
    uint32_t cap = 0;
    EXPECT_EQ(parse("", [&](Args& a) { a.read_mp("CAPACITY", cap); }).errors, "missing mandatory CAPACITY argument\n");
    EXPECT_EQ(parse("1, 2", [&](Args& a) { a.read_mp("CAPACITY", cap); }).errors,
              "t.click:1:13: too many arguments: '2' is not expected here\n");
    EXPECT_EQ(parse("1, FOO 3", [&](Args& a) { a.read_mp("CAPACITY", cap); }).errors,
              "t.click:1:13: unknown keyword 'FOO'\n");
    EXPECT_EQ(parse("CAPACITY 1, CAPACITY 2", [&](Args& a) { a.read_mp("CAPACITY", cap); }).errors,
              "t.click:1:22: CAPACITY: given more than once\n");
}

TEST(Args, RangesOfIntegerTypes) {
    uint8_t small = 0;
    EXPECT_EQ(parse("300", [&](Args& a) { a.read_mp("V", small); }).errors,
              "t.click:1:10: V: integer out of range (0 to 255)\n");
    int32_t s = 0;
    EXPECT_EQ(parse("-0x10", [&](Args& a) { a.read_mp("V", s); }).status, 0);
    EXPECT_EQ(s, -16);
    uint32_t u = 0;
    EXPECT_EQ(parse("017", [&](Args& a) { a.read_mp("V", u); }).status, 0);
    EXPECT_EQ(u, 15u);
    EXPECT_EQ(parse("-1", [&](Args& a) { a.read_mp("V", u); }).errors, "t.click:1:10: V: expected unsigned integer\n");
}

TEST(Args, AddressesTimesAndBandwidths) {
    IPAddress ip;
    EtherAddress eth;
    IPPrefix pre;
    Seconds t;
    Bandwidth bw;
    auto r = parse("10.0.0.1, 0:a0:c9:9c:fd:9c, 18.26.4/24, 10ms, 10Mbps", [&](Args& a) {
        a.read_mp("A", ip).read_mp("B", eth).read_mp("C", pre).read_mp("D", t).read_mp("E", bw);
    });
    EXPECT_EQ(r.status, 0) << r.errors;
    EXPECT_EQ(ip.str(), "10.0.0.1");
    EXPECT_EQ(eth.str(), "00:a0:c9:9c:fd:9c");
    EXPECT_EQ(pre.str(), "18.26.4.0/24");
    EXPECT_EQ(t.value.ns, 10'000'000);
    EXPECT_DOUBLE_EQ(bw.bytes_per_sec, 1.25e6);
    EXPECT_FALSE(IPAddress::parse("1.2.3", ip));
    EXPECT_FALSE(IPAddress::parse("1.2.3.256", ip));
    EXPECT_FALSE(EtherAddress::parse("0:1:2:3:4", eth));
    EXPECT_FALSE(EtherAddress::parse("0:1:2-3:4:5", eth));
}

TEST(Args, QuotedStringsAreUnquoted) {
    std::string s;
    auto r = parse("\"a, b\\n\"", [&](Args& a) { a.read_mp("S", s); });
    EXPECT_EQ(r.status, 0) << r.errors;
    EXPECT_EQ(s, "a, b\n");
}
