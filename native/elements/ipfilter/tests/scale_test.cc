// Long rule lists: the factored, optimized program is far smaller than compiling rule by
// rule, and chains of one field against many values become table lookups, so that the
// work per packet hardly grows with the number of rules.
#include <gtest/gtest.h>

#include <functional>

#include "ipfilter/rule_set.hh"
#include "packets.hh"

using namespace clickos;
using namespace clickos::ipfilter;
using namespace iptest;

namespace {

struct Compiled {
    std::vector<std::string> texts;
    std::shared_ptr<const RuleSet> optimized, naive;
};

Compiled compile_n(int n, const std::function<std::string(int)>& rule, int output_mod = 1) {
    Compiled c;
    for (int i = 0; i < n; ++i) c.texts.push_back(rule(i));
    std::vector<RuleText> rules;
    for (int i = 0; i < n; ++i) rules.push_back({c.texts[size_t(i)], i % output_mod});
    std::vector<RuleError> errors;
    c.optimized = RuleSet::compile(rules, errors);
    c.naive = RuleSet::compile(rules, errors, false);
    EXPECT_TRUE(c.optimized && c.naive) << (errors.empty() ? "" : errors[0].message);
    return c;
}

int rule_of(const RuleSet& s, const std::string& bytes) {
    Packet* p = make_ip_packet(bytes);
    int r = s.rule_of(p);
    EXPECT_EQ(r < 0 ? classification::Program::no_match : r, s.program().match(p));
    p->kill();
    return r;
}

}  // namespace

TEST(IPFilterScale, ThousandPortRulesShareTheirGuards) {
    // Rule i: "tcp dst port i+1". Rule by rule that is 5 tests each (TCP; TCP or UDP for
    // "port"; first fragment; the port), 5000 in all. Factored: the three guards once,
    // then 1000 port tests, which the runner turns into one table.
    auto c = compile_n(1000, [](int i) { return "tcp dst port " + std::to_string(i + 1); });
    ASSERT_TRUE(c.optimized);
    EXPECT_EQ(c.naive->program().steps().size(), 5000u);
    EXPECT_LE(c.optimized->program().steps().size(), 1005u);
    EXPECT_LE(c.optimized->runner().nodes(), 5u);
    EXPECT_EQ(c.optimized->runner().tables(), 1u);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("1.1.1.1", 5, "2.2.2.2", 1)), 0);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("1.1.1.1", 5, "2.2.2.2", 777)), 776);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("1.1.1.1", 5, "2.2.2.2", 1000)), 999);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("1.1.1.1", 5, "2.2.2.2", 1001)), -1);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("1.1.1.1", 5, "2.2.2.2", 777)), -1);
}

TEST(IPFilterScale, ThousandHostRulesAreOneTable) {
    auto c = compile_n(
        1000, [](int i) { return "dst host 10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1"; });
    ASSERT_TRUE(c.optimized);
    EXPECT_EQ(c.optimized->runner().nodes(), 1u);
    EXPECT_EQ(c.optimized->runner().tables(), 1u);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("1.1.1.1", 5, "10.3.231.1", 9)), 999);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("1.1.1.1", 5, "10.0.0.1", 9)), 0);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("1.1.1.1", 5, "10.0.0.2", 9)), -1);
}

TEST(IPFilterScale, MixedRulesStillShrink) {
    // "src net 10.(i mod 200).0.0/16 && udp dst port 1000+i": the UDP and fragment guards
    // are shared by all rules.
    auto c = compile_n(1000, [](int i) {
        return "src net 10." + std::to_string(i % 200) + ".0.0/16 && udp dst port " + std::to_string(1000 + i);
    });
    ASSERT_TRUE(c.optimized);
    EXPECT_EQ(c.naive->program().steps().size(), 6000u);
    EXPECT_LT(c.optimized->program().steps().size() * 2, c.naive->program().steps().size());
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("10.7.1.1", 5, "2.2.2.2", 1207)), 207);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("10.7.1.1", 5, "2.2.2.2", 1407)), 407);
    EXPECT_EQ(rule_of(*c.optimized, udp_packet("10.8.1.1", 5, "2.2.2.2", 1407)), -1);
}

TEST(IPFilterScale, FirstMatchWinsInsideTables) {
    // Duplicate values: the first rule with a value decides, as without the table.
    auto c = compile_n(
        400, [](int i) { return "dst port " + std::to_string(i % 100); }, 7);
    ASSERT_TRUE(c.optimized);
    EXPECT_GE(c.optimized->runner().tables(), 1u);
    for (int port : {0, 42, 99}) {
        int r = rule_of(*c.optimized, tcp_packet("1.1.1.1", 5, "2.2.2.2", uint16_t(port)));
        EXPECT_EQ(r, port);
        EXPECT_EQ(c.optimized->output(size_t(r)), port % 7);
    }
}

TEST(IPFilterScale, CompilesLargeRuleSetsQuickly) {
    // 1000 rules with ranges and mixed protocols compile (bounded time, no blow-up).
    auto c = compile_n(1000, [](int i) {
        return (i % 2 ? "udp" : "tcp") + std::string(" dst port ") + std::to_string(i * 10) + "-" +
               std::to_string(i * 10 + 5) + " and src net 10." + std::to_string(i % 50) + ".0.0/16";
    });
    ASSERT_TRUE(c.optimized);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("10.0.0.1", 5, "2.2.2.2", 1003)), 100);
    EXPECT_EQ(rule_of(*c.optimized, tcp_packet("10.1.0.1", 5, "2.2.2.2", 1003)), -1);
}

TEST(IPFilterScale, ExpansionIsBounded) {
    // Each "?:" repeats its condition; nesting conditions doubles the size each time.
    std::string p = "tcp";
    for (int i = 0; i < 40; ++i) p = "(" + p + " ? udp : icmp)";
    std::vector<RuleError> errors;
    EXPECT_FALSE(RuleSet::compile({{p, 0}}, errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, "the rules are too complex (more than 200000 tests once expanded)");
}
