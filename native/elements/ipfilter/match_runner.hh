// Runs a compiled match program (classification/match_program.hh) on packets, faster than
// Program::match for programs over the network and transport headers:
//
// - Packets long enough for every word the program reads (the usual case) run without
//   per-step length checks; others take a checked path with the program's short-packet
//   semantics.
// - Steps are laid out so that one successor of each (preferably the "no" branch) is the
//   next node in memory, reached with ++t instead of a load, and they branch rather than
//   index their successor: the CPU predicts the path and overlaps the steps' loads instead
//   of waiting, step after step, for the load that says where to go next.
// - A chain of steps that test the same word against different values, each failing into
//   the next ("dst port 22, else dst port 80, else ..."), becomes one table lookup (a binary
//   search over the values). A filter of 1000 "dst host X" or "dst port N" rules then costs
//   about ten comparisons, not a thousand.
//
// The result is always the one Program::match gives (tests compare them on random packets).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "classification/match_program.hh"

namespace clickos::ipfilter {

class MatchRunner {
  public:
    static constexpr int no_match = classification::Program::no_match;
    // Chains at least this long become tables.
    static constexpr size_t min_table = 4;

    MatchRunner() = default;
    explicit MatchRunner(const classification::Program& program);

    int match(const Packet* p) const {
        const uint8_t* end = p->data() + p->length();
        const uint8_t* net = p->network_header();
        const uint8_t* tr = p->transport_header();
        if (__builtin_expect(net && tr && net >= p->buffer() && tr >= p->buffer() && end - net >= need_[1] &&
                                 end - tr >= need_[2] && p->length() >= uint32_t(need_[0]),
                             1)) {
            const uint8_t* bases[3] = {p->data(), net, tr};
            return run_fast(bases);
        }
        return match_checked(p);
    }

    size_t nodes() const { return nodes_.size(); }
    size_t tables() const { return tables_.size(); }
    // One line per table: the step that became it and its size.
    std::string unparse_tables() const;

  private:
    // What the fast path reads per step.
    struct Node {
        uint32_t offset;
        uint32_t mask;
        uint32_t value;                  // a table node: its index in tables_
        classification::Target next[2];  // test: [0] failed, [1] passed; table: [0] no value matched
        uint8_t base;
        bool table;
        uint8_t fall;  // 1: next[0] is the following node, 2: next[1] is, 0: neither
    };
    // What only the checked path and unparse need.
    struct Cold {
        uint32_t required;
        bool short_yes;
        uint32_t step;  // the program step it came from
    };
    struct Table {
        uint32_t first;  // in keys_ and targets_
        uint32_t count;
    };

    classification::Target lookup(const Node& n, uint32_t w) const {
        const Table& tb = tables_[n.value];
        const uint32_t* k = keys_.data() + tb.first;
        uint32_t lo = 0, hi = tb.count;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (k[mid] < w)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < tb.count && k[lo] == w ? targets_[tb.first + lo] : n.next[0];
    }

    int run_fast(const uint8_t* const bases[3]) const {
        classification::Target t = entry_;
        const Node* nodes = nodes_.data();
        while (t >= 0) {
            const Node& n = nodes[t];
            uint32_t w;
            std::memcpy(&w, bases[n.base] + n.offset, 4);
            w &= n.mask;
            if (__builtin_expect(n.table, 0)) {
                t = lookup(n, w);
                continue;
            }
            // Branches, not next[w == value]: the CPU predicts them and starts on the next
            // step before this one's loads arrive. The empty asm statements keep the
            // compiler from turning the branches back into conditional moves.
            if (w == n.value) {
                if (n.fall == 2) {
                    ++t;
                    asm volatile("" : "+r"(t));
                } else {
                    t = n.next[1];
                }
            } else {
                if (n.fall == 1) {
                    ++t;
                    asm volatile("" : "+r"(t));
                } else {
                    t = n.next[0];
                }
            }
        }
        return classification::target_result(t);
    }

    int match_checked(const Packet* p) const;
    void lay_out();

    std::vector<Node> nodes_;
    std::vector<Cold> cold_;  // per node
    std::vector<Table> tables_;
    std::vector<uint32_t> keys_;  // per table, sorted
    std::vector<classification::Target> targets_;
    classification::Target entry_ = classification::result_target(no_match);
    long need_[3] = {0, 0, 0};  // per base: bytes every unchecked 4-byte load stays within
};

}  // namespace clickos::ipfilter
