// Compiles an ordered list of rules (expression -> output, first match wins) into a match
// Program (match_program.hh), then optimizes it (match_optimizer.hh).
//
//   ExprBuilder b;  ...
//   Program p = compile(b, {{expr0, 0}, {expr1, 1}}, Program::no_match);
//
// Each expression compiles in continuation-passing style: compile(e, yes, no) returns the
// entry of a sub-program that ends in `yes` when e holds and in `no` otherwise, so AND, OR
// and NOT need no copies (NOT swaps yes and no; short packets still fail the inner test, so
// they satisfy its negation). Tests of the same word inside one AND merge into one step;
// equal steps are created once.
#pragma once
#include <map>
#include <tuple>
#include <vector>

#include "match_expr.hh"
#include "match_optimizer.hh"
#include "match_program.hh"

namespace clickos::classification {

struct Rule {
    ExprBuilder::Id expr;
    int output;  // >= 0
};

class MatchCompiler {
  public:
    explicit MatchCompiler(const ExprBuilder& b) : b_(b) {}

    // Appends the steps testing `e`; returns where to start.
    Target compile(ExprBuilder::Id e, Target yes, Target no) {
        using Kind = ExprBuilder::Kind;
        const auto& n = b_.node(e);
        switch (n.kind) {
            case Kind::True: return yes;
            case Kind::False: return no;
            case Kind::Test: return emit(n.test, yes, no);
            case Kind::Not: return compile(n.kids[0], no, yes);
            case Kind::Or: {
                Target t = no;
                for (size_t i = n.kids.size(); i-- > 0;) t = compile(n.kids[i], yes, t);
                return t;
            }
            case Kind::And: return compile_and(n.kids, yes, no);
        }
        return no;
    }

    // The program starting at `entry`, renumbered so that jumps go forward, and optimized
    // unless `optimized` is false (tests compare both).
    Program finish(Target entry, bool optimized = true) {
        // Steps were created after their targets: reversing the order makes jumps forward.
        size_t n = steps_.size();
        auto flip = [n](Target t) { return is_step(t) ? Target(n - 1 - size_t(t)) : t; };
        std::vector<Step> steps(steps_.rbegin(), steps_.rend());
        for (Step& s : steps)
            for (Target& t : s.next) t = flip(t);
        entry = flip(entry);
        if (optimized) optimize(steps, entry);
        return Program(std::move(steps), entry);
    }

  private:
    Target emit(const WordTest& t, Target yes, Target no) {
        if (yes == no || t.mask == 0) return yes;
        Step s = Step::make(t, yes, no);
        auto key = optimizer_detail::key_of(s);
        auto it = memo_.find(key);
        if (it != memo_.end()) return it->second;
        steps_.push_back(s);
        Target id = Target(steps_.size() - 1);
        memo_.emplace(key, id);
        return id;
    }

    // AND: word tests of the same word (failing short packets) merge into one test.
    Target compile_and(const std::vector<ExprBuilder::Id>& kids, Target yes, Target no) {
        struct Item {
            bool is_test;
            WordTest test;
            ExprBuilder::Id expr;
        };
        std::vector<Item> items;
        for (ExprBuilder::Id k : kids) {
            const auto& n = b_.node(k);
            if (n.kind != ExprBuilder::Kind::Test || n.test.short_yes) {
                items.push_back({false, {}, k});
                continue;
            }
            const WordTest& t = n.test;
            Item* same = nullptr;
            for (Item& it : items)
                if (it.is_test && it.test.base == t.base && it.test.offset == t.offset) same = &it;
            if (!same) {
                items.push_back({true, t, k});
                continue;
            }
            if ((same->test.value ^ t.value) & same->test.mask & t.mask) return no;  // contradictory
            same->test.mask |= t.mask;
            same->test.value |= t.value;
        }
        Target t = yes;
        for (size_t i = items.size(); i-- > 0;)
            t = items[i].is_test ? emit(items[i].test, t, no) : compile(items[i].expr, t, no);
        return t;
    }

    const ExprBuilder& b_;
    std::vector<Step> steps_;  // in creation order: every target was created before its user
    std::map<optimizer_detail::StepKey, Target> memo_;
};

// First matching rule wins; packets matching none get `otherwise`.
inline Program compile(const ExprBuilder& b, const std::vector<Rule>& rules, int otherwise = Program::no_match,
                       bool optimized = true) {
    MatchCompiler c(b);
    Target t = result_target(otherwise);
    for (size_t i = rules.size(); i-- > 0;) t = c.compile(rules[i].expr, result_target(rules[i].output), t);
    return c.finish(t, optimized);
}

}  // namespace clickos::classification
