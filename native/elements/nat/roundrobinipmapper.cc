#include "roundrobinipmapper.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "iprewriterpatterns.hh"
#include "lang/config_args.hh"

namespace clickos {

using nat::RewritePattern;

int RoundRobinIPMapper::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    if (args.args().empty()) return args.error("expected at least one pattern");
    nat::PatternLookup lookup = [this](const std::string& name) -> std::shared_ptr<RewritePattern> {
        for (int i = 0; i < router()->nelements(); ++i)
            if (auto* pats = static_cast<IPRewriterPatterns*>(router()->element(i)->cast("IPRewriterPatterns")))
                if (auto p = pats->find(name)) return p;
        return nullptr;
    };
    int errors = 0;
    for (const auto& a : args.args()) {
        std::vector<std::string> words = lang::split_words(a.value);
        nat::SpecContext context{-1, words.size() == 4 ? RewritePattern::Kind::addresses : RewritePattern::Kind::ports,
                                 lookup, nullptr};
        if (words.size() == 3) {  // a named pattern has its own kind
            if (auto named = lookup(words[0])) context.kind = named->kind();
        }
        nat::InputSpec spec;
        std::string why;
        if (!nat::parse_pattern_spec(words, context, spec, why)) {
            if (words.size() != 3 && words.size() != 4 && words.size() != 6)
                why =
                    "expected 'SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT', 'SADDR DADDR FOUTPUT ROUTPUT' or 'NAME "
                    "FOUTPUT ROUTPUT'";
            errors += args.error_at(a, "pattern '" + a.value + "': " + why);
            continue;
        }
        if (!patterns_.empty() && spec.pattern->kind() != kind_) {
            errors += args.error_at(a, "pattern '" + a.value + "': mixes address and port patterns");
            continue;
        }
        kind_ = spec.pattern->kind();
        patterns_.push_back(std::move(spec));
    }
    return errors < 0 ? -1 : 0;
}

void* RoundRobinIPMapper::cast(const char* name) {
    if (std::strcmp(name, "IPMapper") == 0) return static_cast<nat::IPMapper*>(this);
    return Element::cast(name);
}

bool RoundRobinIPMapper::accepts(int noutputs, RewritePattern::Kind kind, std::string& why) const {
    if (kind != kind_) {
        why = kind_ == RewritePattern::Kind::ports ? "has port patterns; this element needs address patterns"
                                                   : "has address patterns; this element needs port patterns";
        return false;
    }
    for (const auto& s : patterns_)
        for (int out : {s.foutput, s.routput})
            if (out >= noutputs) {
                why = "output port " + std::to_string(out) + " out of range (" + std::to_string(noutputs) +
                      (noutputs == 1 ? " output)" : " outputs)");
                return false;
            }
    return true;
}

bool RoundRobinIPMapper::map(const nat::FlowKey& key, nat::MappingContext& context, nat::FlowKey& mapped, int& foutput,
                             int& routput) {
    for (size_t tries = 0; tries < patterns_.size(); ++tries) {
        const nat::InputSpec& s = patterns_[next_];
        next_ = next_ + 1 == patterns_.size() ? 0 : next_ + 1;
        if (s.pattern->rewrite(
                key, mapped, [&](const nat::FlowKey& reply) { return context.taken(reply); },
                [&] { return context.random(); })) {
            foutput = s.foutput;
            routput = s.routput;
            return true;
        }
    }
    return false;
}

std::string RoundRobinIPMapper::describe() const {
    return "<mapper " + name() + ">";
}

void RoundRobinIPMapper::for_each_pattern(const std::function<void(const RewritePattern&)>& visit) const {
    for (const auto& s : patterns_) visit(*s.pattern);
}

CLICKOS_ELEMENT(RoundRobinIPMapper);

}  // namespace clickos
