#include "rule_compiler.hh"

#include <algorithm>
#include <map>
#include <tuple>

namespace clickos::ipfilter {

using namespace classification;
using Id = ExprBuilder::Id;

namespace {

// Factoring nests one level per shared condition; deeper runs compile rule by rule.
constexpr int max_factor_depth = 64;

// For each node, the first node with the same structure (kids compared by their own
// canonical nodes). Nodes are created after their kids, so one pass in order suffices.
std::vector<Id> canonical_nodes(const ExprBuilder& b) {
    using Key = std::tuple<int, int, uint32_t, uint32_t, uint32_t, bool, std::vector<Id>>;
    std::map<Key, Id> seen;
    std::vector<Id> canon(b.size());
    for (size_t i = 0; i < b.size(); ++i) {
        const auto& n = b.node(Id(i));
        std::vector<Id> kids;
        for (Id k : n.kids) kids.push_back(canon[size_t(k)]);
        bool is_test = n.kind == ExprBuilder::Kind::Test;
        Key key{int(n.kind),
                is_test ? int(n.test.base) : 0,
                is_test ? n.test.offset : 0,
                is_test ? n.test.mask : 0,
                is_test ? n.test.value : 0,
                is_test && n.test.short_yes,
                std::move(kids)};
        canon[i] = seen.emplace(std::move(key), Id(i)).first->second;
    }
    return canon;
}

struct Item {
    std::vector<Id> conds;  // canonical conditions, all of which must hold
    size_t pos = 0;         // conditions before pos were tested by enclosing runs
    int output;
};

class Factoring {
  public:
    Factoring(ExprBuilder& b, MatchCompiler& c, std::vector<Item>& items) : b_(b), c_(c), items_(items) {}

    // The sub-program for items [begin, end) that ends in `fall` when none matches.
    Target run(size_t begin, size_t end, Target fall, int depth) {
        Target t = fall;
        size_t j = end;
        while (j > begin) {
            size_t i = j - 1;
            bool open = items_[i].pos < items_[i].conds.size();
            Id head = open ? items_[i].conds[items_[i].pos] : 0;
            if (open && depth < max_factor_depth)
                while (i > begin && items_[i - 1].pos < items_[i - 1].conds.size() &&
                       items_[i - 1].conds[items_[i - 1].pos] == head)
                    --i;
            if (j - i == 1) {
                t = rest(items_[i], t);
            } else {
                for (size_t k = i; k < j; ++k) ++items_[k].pos;
                Target inner = run(i, j, t, depth + 1);
                for (size_t k = i; k < j; ++k) --items_[k].pos;
                t = c_.compile(head, inner, t);
            }
            j = i;
        }
        return t;
    }

  private:
    // One rule's remaining conditions: its output if they all hold, else `no`.
    Target rest(const Item& it, Target no) {
        std::vector<Id> left(it.conds.begin() + long(it.pos), it.conds.end());
        Id e = b_.all_of(std::move(left));
        return c_.compile(e, result_target(it.output), no);
    }

    ExprBuilder& b_;
    MatchCompiler& c_;
    std::vector<Item>& items_;
};

}  // namespace

Program compile_rules(ExprBuilder& b, const std::vector<Rule>& rules) {
    std::vector<Id> canon = canonical_nodes(b);
    std::vector<Item> items;
    std::map<Id, size_t> count, first_seen;
    for (const Rule& r : rules) {
        Item it;
        it.output = r.output;
        const auto& n = b.node(r.expr);
        std::vector<Id> conds;
        if (n.kind == ExprBuilder::Kind::And)
            conds = n.kids;
        else if (n.kind != ExprBuilder::Kind::True)
            conds = {r.expr};
        for (Id k : conds) {
            Id c = canon[size_t(k)];
            if (std::find(it.conds.begin(), it.conds.end(), c) != it.conds.end()) continue;  // "x and x"
            it.conds.push_back(c);
            ++count[c];
            first_seen.emplace(c, first_seen.size());
        }
        items.push_back(std::move(it));
    }
    // Conditions many rules share first; ties in order of first appearance.
    for (Item& it : items)
        std::stable_sort(it.conds.begin(), it.conds.end(), [&](Id x, Id y) {
            if (count[x] != count[y]) return count[x] > count[y];
            return first_seen[x] < first_seen[y];
        });
    MatchCompiler c(b);
    Factoring f(b, c, items);
    Target entry = f.run(0, items.size(), result_target(Program::no_match), 0);
    return c.finish(entry, true);
}

}  // namespace clickos::ipfilter
