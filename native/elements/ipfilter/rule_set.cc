#include "rule_set.hh"

#include "classification/match_compiler.hh"
#include "ip_pattern.hh"
#include "path_specializer.hh"
#include "rule_compiler.hh"

namespace clickos::ipfilter {

using namespace classification;

namespace {

// Word tests in `e` counting shared subexpressions once per use, capped above `limit`.
size_t expanded_tests(const ExprBuilder& b, ExprBuilder::Id e, std::vector<size_t>& memo, size_t limit) {
    if (memo[size_t(e)] != SIZE_MAX) return memo[size_t(e)];
    const auto& n = b.node(e);
    size_t total = 0;
    switch (n.kind) {
        case ExprBuilder::Kind::True:
        case ExprBuilder::Kind::False: break;
        case ExprBuilder::Kind::Test: total = 1; break;
        default:
            for (ExprBuilder::Id k : n.kids) {
                total += expanded_tests(b, k, memo, limit);
                if (total > limit) total = limit + 1;
            }
    }
    memo[size_t(e)] = total;
    return total;
}

}  // namespace

std::shared_ptr<const RuleSet> RuleSet::compile(const std::vector<RuleText>& rules, std::vector<RuleError>& errors,
                                                bool optimized) {
    ExprBuilder b;
    std::vector<Rule> compiled;
    std::vector<ExprBuilder::Id> exprs;
    for (size_t i = 0; i < rules.size(); ++i) {
        ExprBuilder::Id e;
        PatternError err;
        if (!parse_ip_pattern(rules[i].pattern, b, e, err)) {
            errors.push_back({i, err.position, err.message});
            continue;
        }
        exprs.push_back(e);
        compiled.push_back({e, int(i)});
    }
    if (!errors.empty()) return nullptr;
    std::vector<size_t> memo(b.size(), SIZE_MAX);
    size_t total = 0;
    for (size_t i = 0; i < exprs.size(); ++i) {
        total += expanded_tests(b, exprs[i], memo, max_rule_tests);
        if (total > max_rule_tests) {
            errors.push_back(
                {i, 0,
                 "the rules are too complex (more than " + std::to_string(max_rule_tests) + " tests once expanded)"});
            return nullptr;
        }
    }
    auto set = std::make_shared<RuleSet>();
    set->program_ = optimized ? specialize_paths(compile_rules(b, compiled))
                              : classification::compile(b, compiled, Program::no_match, false);
    set->runner_ = MatchRunner(set->program_);
    for (const RuleText& r : rules) set->outputs_.push_back(r.output);
    return set;
}

}  // namespace clickos::ipfilter
