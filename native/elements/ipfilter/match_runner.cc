#include "match_runner.hh"

#include <algorithm>
#include <map>

namespace clickos::ipfilter {

using namespace classification;

MatchRunner::MatchRunner(const Program& program) {
    const std::vector<Step>& steps = program.steps();
    size_t n = steps.size();
    // How many jumps reach each step: a chain may only absorb steps reached from their
    // predecessor alone.
    std::vector<uint32_t> in(n, 0);
    if (is_step(program.entry())) ++in[size_t(program.entry())];
    for (const Step& s : steps)
        for (Target t : s.next)
            if (is_step(t)) ++in[size_t(t)];
    auto same_word = [](const Step& a, const Step& b) {
        return a.base == b.base && a.offset == b.offset && a.mask == b.mask && !a.short_yes && !b.short_yes;
    };

    std::vector<Target> index(n, -1);  // program step -> node
    std::vector<bool> absorbed(n, false);
    std::vector<std::vector<size_t>> chains(n);
    for (size_t i = 0; i < n; ++i) {
        if (absorbed[i]) continue;
        std::vector<size_t> chain = {i};
        for (Target t = steps[i].next[0]; is_step(t) && in[size_t(t)] == 1 && same_word(steps[i], steps[size_t(t)]);
             t = steps[size_t(t)].next[0])
            chain.push_back(size_t(t));
        if (chain.size() >= min_table) {
            for (size_t k = 1; k < chain.size(); ++k) absorbed[chain[k]] = true;
            chains[i] = std::move(chain);
        }
        const Step& s = steps[i];
        index[i] = Target(nodes_.size());
        nodes_.push_back(Node{s.offset, s.mask, s.value, {0, 0}, uint8_t(s.base), false, 0});
        cold_.push_back(Cold{s.required, s.short_yes, uint32_t(i)});
        need_[int(s.base)] = std::max(need_[int(s.base)], long(s.offset) + 4);
    }
    auto map = [&](Target t) { return is_step(t) ? index[size_t(t)] : t; };
    for (size_t k = 0; k < nodes_.size(); ++k) {
        Node& node = nodes_[k];
        size_t step = cold_[k].step;
        const std::vector<size_t>& chain = chains[step];
        if (chain.empty()) {
            node.next[0] = map(steps[step].next[0]);
            node.next[1] = map(steps[step].next[1]);
            continue;
        }
        // The first step testing a value decides (later ones with the same value never run).
        std::map<uint32_t, Target> table;
        for (size_t c : chain) table.emplace(steps[c].value, map(steps[c].next[1]));
        node.table = true;
        node.value = uint32_t(tables_.size());
        tables_.push_back(Table{uint32_t(keys_.size()), uint32_t(table.size())});
        for (const auto& [key, target] : table) {
            keys_.push_back(key);
            targets_.push_back(target);
        }
        node.next[0] = node.next[1] = map(steps[chain.back()].next[0]);
    }
    entry_ = map(program.entry());
    lay_out();
}

// Orders the nodes along paths that follow "no" branches where possible (else "yes"), so
// that most steps fall through to the next node, and marks which branch falls through.
void MatchRunner::lay_out() {
    size_t n = nodes_.size();
    std::vector<Target> order;  // new position -> old index
    std::vector<bool> placed(n, false);
    std::vector<Target> work;
    auto push = [&](Target t) {
        if (is_step(t) && !placed[size_t(t)]) work.push_back(t);
    };
    push(entry_);
    for (size_t k = n; k-- > 0;) push(Target(k));  // unreachable nodes, if any, go last
    while (!work.empty()) {
        Target t = work.back();
        work.pop_back();
        while (is_step(t) && !placed[size_t(t)]) {
            placed[size_t(t)] = true;
            order.push_back(t);
            const Node& node = nodes_[size_t(t)];
            if (node.table) {
                const Table& tb = tables_[node.value];
                for (uint32_t k = tb.count; k-- > 0;) push(targets_[tb.first + k]);
            }
            Target no = node.next[0], yes = node.next[1];
            if (is_step(no) && !placed[size_t(no)]) {
                push(yes);
                t = no;
            } else {
                t = yes;
            }
        }
    }
    std::vector<Target> position(n);
    for (size_t k = 0; k < order.size(); ++k) position[size_t(order[k])] = Target(k);
    auto moved = [&](Target t) { return is_step(t) ? position[size_t(t)] : t; };
    std::vector<Node> nodes;
    std::vector<Cold> cold;
    for (Target old : order) {
        nodes.push_back(nodes_[size_t(old)]);
        cold.push_back(cold_[size_t(old)]);
    }
    for (size_t k = 0; k < nodes.size(); ++k) {
        Node& node = nodes[k];
        node.next[0] = moved(node.next[0]);
        node.next[1] = moved(node.next[1]);
        node.fall = node.table ? 0 : node.next[0] == Target(k + 1) ? 1 : node.next[1] == Target(k + 1) ? 2 : 0;
    }
    for (Target& t : targets_) t = moved(t);
    entry_ = moved(entry_);
    nodes_ = std::move(nodes);
    cold_ = std::move(cold);
}

int MatchRunner::match_checked(const Packet* p) const {
    const uint8_t* end = p->data() + p->length();
    const uint8_t* bases[3] = {p->data(), p->network_header(), p->transport_header()};
    uint32_t avail[3] = {p->length(), 0, 0};
    for (int i = 1; i < 3; ++i) {
        if (bases[i] && bases[i] >= p->buffer() && bases[i] <= end)
            avail[i] = uint32_t(end - bases[i]);
        else
            bases[i] = nullptr;
    }
    Target t = entry_;
    while (t >= 0) {
        const Node& n = nodes_[size_t(t)];
        const Cold& c = cold_[size_t(t)];
        const uint8_t* b = bases[n.base];
        uint32_t have = avail[n.base];
        if (!b || have < c.required) {
            t = n.next[c.short_yes];
            continue;
        }
        uint8_t bytes[4] = {0, 0, 0, 0};
        if (n.offset < have) std::memcpy(bytes, b + n.offset, have - n.offset < 4 ? have - n.offset : 4);
        uint32_t w = pack_word(bytes) & n.mask;
        t = n.table ? lookup(n, w) : n.next[w == n.value];
    }
    return target_result(t);
}

std::string MatchRunner::unparse_tables() const {
    std::string out;
    for (size_t k = 0; k < nodes_.size(); ++k)
        if (nodes_[k].table)
            out += "step " + std::to_string(cold_[k].step) + ": " + std::to_string(tables_[nodes_[k].value].count) +
                   " tests of this word run as one table lookup\n";
    return out;
}

}  // namespace clickos::ipfilter
