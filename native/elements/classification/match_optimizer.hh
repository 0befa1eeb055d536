// Optimizations of a match program's steps (match_program.hh), used by the compiler:
//
// - share_steps: steps with the same test and the same targets become one; a step whose
//   two branches agree is skipped; unreachable steps are removed. Order stays topological.
// - skip_implied: a jump into a step whose outcome is already known on every path to the
//   jump (from the tests passed or failed on the way, and the packet length that implies)
//   goes straight to that step's answer. This is what turns "12/0806 20/0001, 12/0806
//   20/0002, 12/0800" into one test of offset 12 per packet type.
//
// optimize() runs both until nothing changes. Every pass keeps the meaning of the program
// for every packet, including short ones.
#pragma once
#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "match_program.hh"

namespace clickos::classification {

namespace optimizer_detail {

using StepKey = std::tuple<int, uint32_t, uint32_t, uint32_t, bool, Target, Target>;

inline StepKey key_of(const Step& s) {
    return {int(s.base), s.offset, s.mask, s.value, s.short_yes, s.next[0], s.next[1]};
}

// What is known about a packet at some point of the program.
struct Knowledge {
    struct Fact {
        Step test;  // only the test fields matter
        bool outcome;
    };
    static constexpr size_t max_facts = 32;  // bounds compile time on huge programs
    std::vector<Fact> facts;
    uint32_t known_length[3] = {0, 0, 0};  // per Base: the packet has at least this many bytes
    bool reached = false;

    static bool same_test(const Step& a, const Step& b) {
        return a.base == b.base && a.offset == b.offset && a.mask == b.mask && a.value == b.value &&
               a.short_yes == b.short_yes;
    }
    void learn(const Step& s, bool outcome) {
        // Passing a short-fails test (or failing a short-passes test) proves the length.
        if (outcome != s.short_yes) known_length[int(s.base)] = std::max(known_length[int(s.base)], s.required);
        for (const Fact& f : facts)
            if (same_test(f.test, s)) return;
        if (facts.size() == max_facts) facts.erase(facts.begin());
        facts.push_back({s, outcome});
    }
    // Keeps what both `this` and `o` know.
    void meet(const Knowledge& o) {
        if (!reached) {
            *this = o;
            return;
        }
        for (int i = 0; i < 3; ++i) known_length[i] = std::min(known_length[i], o.known_length[i]);
        std::vector<Fact> kept;
        for (const Fact& f : facts)
            for (const Fact& g : o.facts)
                if (f.outcome == g.outcome && same_test(f.test, g.test)) {
                    kept.push_back(f);
                    break;
                }
        facts = std::move(kept);
    }

    // 1 or 0 if the outcome of `t` follows from fact f, -1 if it does not.
    int implied_by(const Fact& fact, const Step& t) const {
        const Step& f = fact.test;
        if (f.base != t.base || f.offset != t.offset) return -1;
        if (same_test(f, t)) return fact.outcome;
        uint32_t len = known_length[int(t.base)];
        bool f_long = len >= f.required, t_long = len >= t.required;
        // What f's outcome says about its data comparison (masked word == value).
        int f_data = -1;
        if (fact.outcome && (!f.short_yes || f_long))
            f_data = 1;
        else if (!fact.outcome && (f.short_yes || f_long))
            f_data = 0;
        if (f_data < 0) return -1;
        int t_data = -1;
        if (f_data == 1) {
            if ((f.value ^ t.value) & f.mask & t.mask)
                t_data = 0;  // the bits both test differ
            else if ((t.mask & ~f.mask) == 0)
                t_data = 1;  // t tests a subset of the bits f fixed
        } else {
            if ((f.mask & ~t.mask) == 0 && (t.value & f.mask) == f.value)
                t_data = 0;  // t needs f's bits, which differ
            else if (f.mask == t.mask && (f.mask & (f.mask - 1)) == 0 && f.value != t.value)
                t_data = 1;  // one bit: not this value means the other
        }
        if (t_data < 0) return -1;
        if (t_long) return t_data;
        // The packet may be too short for t: only the answer a short packet also gets holds.
        if (t_data == int(t.short_yes)) return t_data;
        return -1;
    }
    int decide(const Step& t) const {
        for (auto it = facts.rbegin(); it != facts.rend(); ++it)
            if (int d = implied_by(*it, t); d >= 0) return d;
        return -1;
    }
};

}  // namespace optimizer_detail

// Shares equal steps, skips steps whose branches agree and removes unreachable ones.
inline void share_steps(std::vector<Step>& steps, Target& entry) {
    using namespace optimizer_detail;
    size_t n = steps.size();
    std::vector<Target> map(n);
    auto remap = [&](Target t) { return is_step(t) ? map[size_t(t)] : t; };
    std::map<StepKey, Target> seen;
    for (size_t i = n; i-- > 0;) {
        Step& s = steps[i];
        s.next[0] = remap(s.next[0]);
        s.next[1] = remap(s.next[1]);
        if (s.next[0] == s.next[1] || s.mask == 0) {
            map[i] = s.next[1];
            continue;
        }
        auto [it, inserted] = seen.emplace(key_of(s), Target(i));
        map[i] = it->second;
    }
    entry = remap(entry);
    // Keep the steps reachable from the entry, in order (jumps only go forward).
    std::vector<bool> reached(n, false);
    if (is_step(entry)) reached[size_t(entry)] = true;
    std::vector<Target> index(n, -1);
    std::vector<Step> out;
    for (size_t i = 0; i < n; ++i) {
        if (!reached[i]) continue;
        index[i] = Target(out.size());
        out.push_back(steps[i]);
        for (Target t : steps[i].next)
            if (is_step(t)) reached[size_t(t)] = true;
    }
    for (Step& s : out)
        for (Target& t : s.next)
            if (is_step(t)) t = index[size_t(t)];
    if (is_step(entry)) entry = index[size_t(entry)];
    steps = std::move(out);
}

// Redirects jumps into steps whose outcome is known on that jump; true if any moved.
inline bool skip_implied(std::vector<Step>& steps, Target entry) {
    using optimizer_detail::Knowledge;
    std::vector<Knowledge> in(steps.size());
    if (is_step(entry)) in[size_t(entry)].reached = true;
    bool changed = false;
    for (size_t i = 0; i < steps.size(); ++i) {
        if (!in[i].reached) continue;
        for (int branch = 0; branch < 2; ++branch) {
            Knowledge k = in[i];
            k.learn(steps[i], branch == 1);
            Target t = steps[i].next[branch];
            while (is_step(t)) {
                int d = k.decide(steps[size_t(t)]);
                if (d < 0) break;
                k.learn(steps[size_t(t)], d == 1);
                t = steps[size_t(t)].next[d];
                changed = true;
            }
            steps[i].next[branch] = t;
            if (is_step(t)) {
                in[size_t(t)].meet(k);
                in[size_t(t)].reached = true;
            }
        }
    }
    return changed;
}

inline void optimize(std::vector<Step>& steps, Target& entry) {
    share_steps(steps, entry);
    for (int round = 0; round < 16 && skip_implied(steps, entry); ++round) share_steps(steps, entry);
}

}  // namespace clickos::classification
