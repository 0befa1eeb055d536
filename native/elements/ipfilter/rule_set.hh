// A compiled list of IP filter rules (pattern -> output, first match wins): the decision
// program, its runner and each rule's output. Immutable once built, so an element can
// swap a new set in with one pointer assignment while nothing else changes.
//
// Compiling: each pattern is parsed into a match expression (ip_pattern.hh), the list is
// compiled with shared conditions factored out and optimized (rule_compiler.hh, on the
// shared classification/ program and optimizer), paths are specialized where that removes
// repeated tests (path_specializer.hh), and MatchRunner turns it into what runs per packet.
//
// The program's results are rule numbers, not outputs: several rules may share an output
// (or drop), and per-rule match counters need only a counter per result.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classification/match_program.hh"
#include "match_runner.hh"

namespace clickos::ipfilter {

struct RuleText {
    std::string_view pattern;
    int output;  // an output number, or -1 to drop
};

struct RuleError {
    size_t rule;
    size_t position;  // byte offset in the rule's pattern
    std::string message;
};

// Patterns may not expand (counting repeated subexpressions, as "?:" repeats its
// condition) to more word tests than this, so hostile rules cannot exhaust the compiler.
constexpr size_t max_rule_tests = 200000;

class RuleSet {
  public:
    // The set for `rules`, or null with `errors` filled (in rule order). Unoptimized sets
    // (rule by rule, as written; for tests) show what the optimizations save.
    static std::shared_ptr<const RuleSet> compile(const std::vector<RuleText>& rules, std::vector<RuleError>& errors,
                                                  bool optimized = true);

    // The output for p, or -1 to drop it. Packets without a network header are dropped.
    int output_of(const Packet* p) const {
        if (__builtin_expect(!p->has_network_header(), 0)) return -1;
        unsigned r = unsigned(runner_.match(p));
        return r < outputs_.size() ? outputs_[r] : -1;
    }
    // The rule p matches first, or size() if none (packets without a network header match
    // none): an index for per-rule counters with one more slot for "no rule".
    size_t rule_index(const Packet* p) const {
        if (__builtin_expect(!p->has_network_header(), 0)) return outputs_.size();
        unsigned r = unsigned(runner_.match(p));
        return r < outputs_.size() ? r : outputs_.size();
    }
    // The rule p matches first, or -1.
    int rule_of(const Packet* p) const {
        if (!p->has_network_header()) return -1;
        int r = runner_.match(p);
        return r == MatchRunner::no_match ? -1 : r;
    }

    size_t size() const { return outputs_.size(); }
    int output(size_t rule) const { return outputs_[rule]; }
    // False if no packet can match the rule (it contradicts itself, or earlier rules
    // take its packets).
    bool can_match(size_t rule) const { return program_.can_return(int(rule)); }
    const classification::Program& program() const { return program_; }
    const MatchRunner& runner() const { return runner_; }
    // The program, then the tables the runner made of it.
    std::string unparse() const { return program_.unparse() + runner_.unparse_tables(); }

  private:
    classification::Program program_;
    MatchRunner runner_;
    std::vector<int> outputs_;
};

}  // namespace clickos::ipfilter
