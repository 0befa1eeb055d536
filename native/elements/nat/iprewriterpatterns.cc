#include "iprewriterpatterns.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "lang/config_args.hh"

namespace clickos {

int IPRewriterPatterns::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    int errors = 0;
    for (const auto& a : args.args()) {
        std::vector<std::string> words = lang::split_words(a.value);
        if (words.size() != 5 && words.size() != 3) {
            errors += args.error_at(
                a, "expected 'NAME SADDR SPORT DADDR DPORT' or 'NAME SADDR DADDR', found '" + a.value + "'");
            continue;
        }
        const std::string& name = words[0];
        // Names are global: earlier IPRewriterPatterns elements configured already.
        bool taken = find(name) != nullptr;
        for (int i = 0; i < router()->nelements() && !taken; ++i) {
            Element* e = router()->element(i);
            if (e != this)
                if (auto* other = static_cast<IPRewriterPatterns*>(e->cast("IPRewriterPatterns")))
                    taken = other->find(name) != nullptr;
        }
        if (taken) {
            errors += args.error_at(a, "pattern '" + name + "' is defined more than once");
            continue;
        }
        auto p = std::make_shared<nat::RewritePattern>();
        std::string why;
        std::vector<std::string> fields(words.begin() + 1, words.end());
        if (!(words.size() == 5 ? nat::RewritePattern::parse(fields, *p, why)
                                : nat::RewritePattern::parse_addresses(fields, *p, why))) {
            errors += args.error_at(a, "pattern '" + name + "': " + why);
            continue;
        }
        patterns_.emplace_back(name, std::move(p));
    }
    return errors < 0 ? -1 : 0;
}

std::shared_ptr<nat::RewritePattern> IPRewriterPatterns::find(const std::string& name) const {
    for (const auto& [n, p] : patterns_)
        if (n == name) return p;
    return nullptr;
}

CLICKOS_ELEMENT(IPRewriterPatterns);

}  // namespace clickos
