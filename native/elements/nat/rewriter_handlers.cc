// The handlers every rewriter shares (Click's IPRewriterBase handlers) and the mapping
// listings.
#include <algorithm>

#include "clickos/args.hh"
#include "clickos/ip.hh"
#include "lang/config_args.hh"
#include "rewriter_base.hh"

namespace clickos::nat {

// A flow identifier as Click prints it: "(SA, SP, DA, DP)".
std::string RewriterBase::flow_text(const FlowKey& k) const {
    return "(" + IPAddress{k.saddr}.str() + ", " + std::to_string(ntohs(k.sport)) + ", " + IPAddress{k.daddr}.str() +
           ", " + std::to_string(ntohs(k.dport)) + ")";
}

std::string RewriterBase::listing(int proto) const {
    std::string s;
    const int64_t t = now();
    table_.for_each([&](const Flow& f) {
        if (proto && f.proto != proto) return;
        // Seconds until the mapping may be reaped, rounded.
        int64_t left = table_.expiry(f) - t;
        int64_t secs = left >= 0 ? (left + 500'000'000) / 1'000'000'000 : -((-left + 499'999'999) / 1'000'000'000);
        for (int dir = 0; dir < 2; ++dir) {
            s += flow_text(f.key(dir)) + " => " + flow_text(f.target(dir)) + " [";
            s += (dir == 0 ? "*" : "") + std::to_string(f.output[0]) + " ";
            s += (dir == 1 ? "*" : "") + std::to_string(f.output[1]) + "] i" + std::to_string(f.input);
            s += " exp" + std::to_string(secs) + "\n";
        }
    });
    return s;
}

std::string RewriterBase::patterns_text(int input) const {
    std::string s;
    for (size_t i = 0; i < specs_.size(); ++i) {
        if (input >= 0 && size_t(input) != i) continue;
        s += specs_[i].describe();
        if (uint32_t n = table_.input_count(int(i))) s += " [" + std::to_string(n) + "]";
        s += "\n";
    }
    return s;
}

void RewriterBase::add_rewriter_handlers(const std::vector<TableHandler>& tables) {
    for (const auto& t : tables)
        add_read_handler(
            t.name, [this, proto = t.proto](Element*) { return listing(proto); }, HANDLER_EXPENSIVE | t.flags);
    auto size = [this](Element*) { return std::to_string(table_.size()) + "\n"; };
    add_read_handler("table_size", size);
    add_read_handler("nmappings", size, HANDLER_DEPRECATED);
    add_read_handler("size", size);
    add_read_handler("mapping_failures", [this](Element*) { return std::to_string(mapping_failures()) + "\n"; });
    add_read_handler("patterns", [this](Element*) { return patterns_text(-1); });
    for (int i = 0; i < ninputs(); ++i) {
        std::string name = "pattern" + std::to_string(i);
        add_read_handler(name, [this, i](Element*) { return patterns_text(i); });
        add_write_handler(name, [this, i](const std::string& v, Element*, ErrorHandler* errh) {
            InputSpec spec;
            std::string why;
            if (!parse_spec(v, spec, why)) return errh->error("input spec " + std::to_string(i) + ": " + why);
            // The input's old mappings followed the old spec: they go.
            table_.erase_input(i);
            specs_[size_t(i)] = std::move(spec);
            return 0;
        });
    }
    add_read_handler(
        "capacity", [this](Element*) { return std::to_string(capacity_) + " " + std::to_string(reservation_) + "\n"; });
    add_write_handler("capacity", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::vector<std::string> words = lang::split_words(v);
        uint32_t c, r = 0;
        std::string why;
        if (words.empty() || words.size() > 2 || !parse_value(words[0], c, why) || c < 1 ||
            c > FlowTable::max_capacity || (words.size() == 2 && !parse_value(words[1], r, why)))
            return errh->error("capacity: expected 'CAPACITY [RESERVATION]' with CAPACITY from 1 to 2147483647");
        capacity_ = c;
        reservation_ = words.size() == 2 ? r : std::min<uint32_t>(50, c / 8);
        table_.set_capacity(c, now());
        return 0;
    });
    add_write_handler(
        "clear",
        [this](const std::string&, Element*, ErrorHandler*) {
            table_.clear();
            return 0;
        },
        HANDLER_BUTTON);
}

}  // namespace clickos::nat
