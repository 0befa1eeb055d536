#include "ip_rules_element.hh"

#include <algorithm>

#include "classification/output_bins.hh"
#include "clickos/args.hh"

namespace clickos {

using namespace ipfilter;

namespace {

struct Problem {
    size_t rule;
    Location loc;
    std::string message;
};

}  // namespace

std::shared_ptr<const RuleSet> IPRulesElement::build(const std::vector<lang::ConfigArg>& args,
                                                     ErrorHandler* errh) const {
    bool ok = check_count(args.size(), errh);
    std::vector<Problem> problems;
    std::vector<RuleText> rules;
    std::vector<size_t> pattern_start;  // where each rule's pattern starts in its argument
    for (size_t i = 0; i < args.size(); ++i) {
        RuleText r{std::string_view(), -1};
        std::string message;
        size_t position = 0, start = 0;
        const std::string& text = args[i].text;
        if (parse_rule(i, text, r, message, position)) {
            start = size_t(r.pattern.data() - text.data());  // the pattern is a view into text
        } else {
            problems.push_back({i, lang::advance_location(args[i].loc, text, position), message});
            r = {"-", -1};  // keeps rule numbers aligned; never used
        }
        rules.push_back(r);
        pattern_start.push_back(start);
    }
    std::vector<RuleError> errors;
    auto set = RuleSet::compile(rules, errors);
    for (const RuleError& e : errors) {
        size_t at = pattern_start[e.rule] + e.position;
        problems.push_back({e.rule, lang::advance_location(args[e.rule].loc, args[e.rule].text, at), e.message});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& a, const Problem& b) { return a.rule < b.rule; });
    auto label = [this](size_t i) { return std::string(rule_word()) + " " + std::to_string(i); };
    for (const Problem& p : problems) errh->error_at(p.loc, label(p.rule) + ": " + p.message);
    if (!ok || !problems.empty() || !set) return nullptr;
    for (size_t i = 0; i < args.size(); ++i)
        if (!set->can_match(i))
            errh->report_at(ErrorHandler::Severity::Warning, args[i].loc,
                            label(i) + " can never match (it contradicts itself, or earlier " + rule_word() +
                                "s take its packets)");
    return set;
}

int IPRulesElement::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    std::vector<lang::ConfigArg> list;
    for (const auto& a : args.args()) list.push_back({a.value, a.loc});
    auto set = build(list, args.errh());
    if (!set) return -1;
    install(std::move(set), list);
    config_ = configuration();
    return 0;
}

void IPRulesElement::install(std::shared_ptr<const RuleSet> set, const std::vector<lang::ConfigArg>& args) {
    std::vector<RuleCount> counts(set->size() + 1);
    for (size_t i = 0; i < set->size(); ++i) counts[i].output = set->output(i);
    std::vector<std::string> texts;
    for (const auto& a : args) texts.push_back(a.text);
    // The swap: the set and its counters change together, between batches.
    rules_ = std::move(set);
    counts_.swap(counts);
    rule_texts_.swap(texts);
}

namespace {

void append_json_string(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += char(c);
        }
    }
    out += '"';
}

}  // namespace

std::string IPRulesElement::counts_json() const {
    std::string out = "{\"rules\":[";
    for (size_t i = 0; i < rules_->size(); ++i) {
        if (i) out += ',';
        out += "{\"rule\":" + std::to_string(i) + ",\"text\":";
        append_json_string(out, i < rule_texts_.size() ? rule_texts_[i] : std::string());
        int o = rules_->output(i);
        out += ",\"output\":" + (o < 0 ? std::string("null") : std::to_string(o));
        out += ",\"packets\":" + std::to_string(counts_[i].packets) + ",\"bytes\":" + std::to_string(counts_[i].bytes) +
               "}";
    }
    const RuleCount& none = counts_.back();
    out += "],\"unmatched\":{\"packets\":" + std::to_string(none.packets) + ",\"bytes\":" + std::to_string(none.bytes) +
           "}}\n";
    return out;
}

int IPRulesElement::write_config(const std::string& value, ErrorHandler* errh) {
    Location start{name() + ".config", 1, 1};
    auto args = lang::split_config_args(value, start);
    auto set = build(args, errh);
    if (!set) return -1;
    install(std::move(set), args);
    config_ = value;
    return 0;
}

void IPRulesElement::push_batch(int, PacketBatch& batch) {
    const RuleSet* rules = rules_.get();
    RuleCount* counts = counts_.data();
    classification::push_split(*this, batch,
                               [rules, counts](const Packet* p) { return count_and_choose(*rules, counts, p); });
}

void IPRulesElement::add_handlers() {
    add_read_handler("program", [this](Element*) { return rules_->unparse(); });
    add_read_handler("config", [this](Element*) { return config_ + "\n"; });
    add_read_handler("counts", [this](Element*) { return counts_json(); });
    add_write_handler("reset_counts", [this](const std::string&, Element*, ErrorHandler*) {
        for (RuleCount& c : counts_) c.packets = c.bytes = 0;
        return 0;
    });
    add_write_handler("config",
                      [this](const std::string& v, Element*, ErrorHandler* errh) { return write_config(v, errh); });
}

}  // namespace clickos
