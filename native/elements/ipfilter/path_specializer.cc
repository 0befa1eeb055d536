#include "path_specializer.hh"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "classification/match_optimizer.hh"

namespace clickos::ipfilter {

using namespace classification;
using Knowledge = optimizer_detail::Knowledge;

namespace {

using FactKey = std::tuple<int, uint32_t, uint32_t, uint32_t, bool, bool>;  // base, offset, mask, value, short, outcome
using Key = std::tuple<Target, std::vector<FactKey>, uint32_t, uint32_t, uint32_t>;

class Specializer {
  public:
    Specializer(const std::vector<Step>& steps, size_t budget) : steps_(steps), budget_(budget) {
        // The words each step's sub-program tests (steps only jump forward).
        std::map<std::pair<int, uint32_t>, size_t> ids;
        for (const Step& s : steps) ids.emplace(std::make_pair(int(s.base), s.offset), ids.size());
        word_ids_ = ids;
        words_.assign(steps.size(), std::vector<bool>(ids.size(), false));
        for (size_t i = steps.size(); i-- > 0;) {
            words_[i][word_id(steps[i])] = true;
            for (Target t : steps[i].next)
                if (is_step(t))
                    for (size_t w = 0; w < ids.size(); ++w)
                        if (words_[size_t(t)][w]) words_[i][w] = true;
        }
    }

    // The copy of the sub-program at t for packets known to satisfy k.
    Target run(Target t, Knowledge k) {
        while (is_step(t)) {
            int d = k.decide(steps_[size_t(t)]);
            if (d < 0) break;
            k.learn(steps_[size_t(t)], d == 1);
            t = steps_[size_t(t)].next[d];
        }
        if (!is_step(t) || failed_) return t;
        const Step& s = steps_[size_t(t)];
        Key key = key_of(t, k);
        auto it = memo_.find(key);
        if (it != memo_.end()) return it->second;
        if (out_.size() >= budget_) {
            failed_ = true;
            return t;
        }
        Knowledge yes_k = k, no_k = k;
        yes_k.reached = no_k.reached = true;
        yes_k.learn(s, true);
        no_k.learn(s, false);
        Target yes = run(s.next[1], yes_k);
        Target no = run(s.next[0], no_k);
        Target id = yes == no ? yes : Target(out_.size());
        if (yes != no) {
            Step copy = s;
            copy.next[1] = yes;
            copy.next[0] = no;
            out_.push_back(copy);
        }
        memo_.emplace(std::move(key), id);
        return id;
    }

    bool failed() const { return failed_; }
    // The steps, numbered so that jumps go forward (they were created after their targets).
    std::vector<Step> steps(Target& entry) const {
        size_t n = out_.size();
        auto flip = [n](Target t) { return is_step(t) ? Target(n - 1 - size_t(t)) : t; };
        std::vector<Step> v(out_.rbegin(), out_.rend());
        for (Step& s : v)
            for (Target& t : s.next) t = flip(t);
        entry = flip(entry);
        return v;
    }

  private:
    size_t word_id(const Step& s) const { return word_ids_.at({int(s.base), s.offset}); }

    // What of k can still decide a test under t.
    Key key_of(Target t, const Knowledge& k) const {
        const std::vector<bool>& relevant = words_[size_t(t)];
        std::vector<FactKey> facts;
        bool base_used[3] = {false, false, false};
        for (const auto& [word, id] : word_ids_)
            if (relevant[id]) base_used[word.first] = true;
        for (const auto& f : k.facts) {
            auto w = word_ids_.find({int(f.test.base), f.test.offset});
            if (w == word_ids_.end() || !relevant[w->second]) continue;
            facts.emplace_back(int(f.test.base), f.test.offset, f.test.mask, f.test.value, f.test.short_yes, f.outcome);
        }
        std::sort(facts.begin(), facts.end());
        facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
        return {t, std::move(facts), base_used[0] ? k.known_length[0] : 0, base_used[1] ? k.known_length[1] : 0,
                base_used[2] ? k.known_length[2] : 0};
    }

    const std::vector<Step>& steps_;
    size_t budget_;
    std::map<std::pair<int, uint32_t>, size_t> word_ids_;
    std::vector<std::vector<bool>> words_;
    std::map<Key, Target> memo_;
    std::vector<Step> out_;
    bool failed_ = false;
};

}  // namespace

Program specialize_paths(const Program& program) {
    const std::vector<Step>& steps = program.steps();
    if (steps.empty() || steps.size() > max_specialized_steps) return program;
    size_t limit = 2 * steps.size() + 16;
    Specializer sp(steps, 3 * limit);
    Knowledge k;
    k.reached = true;
    Target entry = sp.run(program.entry(), k);
    if (sp.failed()) return program;
    std::vector<Step> out = sp.steps(entry);
    optimize(out, entry);
    if (out.size() > limit) return program;
    return Program(std::move(out), entry);
}

}  // namespace clickos::ipfilter
