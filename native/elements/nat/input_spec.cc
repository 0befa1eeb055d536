#include "input_spec.hh"

#include "clickos/args.hh"
#include "lang/config_args.hh"

namespace clickos::nat {

namespace {

bool parse_output(const std::string& word, int noutputs, int& out, const char* what, std::string& why) {
    int32_t v;
    std::string ignored;
    if (!parse_value(word, v, ignored)) {
        why = std::string("bad ") + what + " port '" + word + "'";
        return false;
    }
    if (v < 0 || (noutputs >= 0 && v >= noutputs)) {
        why = "output port " + word + " out of range (" + std::to_string(noutputs) +
              (noutputs == 1 ? " output)" : " outputs)");
        return false;
    }
    out = v;
    return true;
}

}  // namespace

std::string InputSpec::describe() const {
    switch (kind) {
        case Kind::drop: return "<drop>";
        case Kind::pass: return "<nochange>";
        case Kind::keep: return "<keep>";
        case Kind::pattern: return pattern->unparse();
        case Kind::mapper: return mapper->describe();
    }
    return "";
}

bool parse_pattern_spec(const std::vector<std::string>& words, const SpecContext& context, InputSpec& out,
                        std::string& why) {
    const bool ports = context.kind == RewritePattern::Kind::ports;
    const size_t full = ports ? 6 : 4;
    if (words.size() != 3 && words.size() != full) {
        why = ports ? "syntax error, expected 'pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' or 'pattern NAME "
                      "FOUTPUT ROUTPUT'"
                    : "syntax error, expected 'pattern SADDR DADDR FOUTPUT ROUTPUT' or 'pattern NAME FOUTPUT ROUTPUT'";
        return false;
    }
    InputSpec s;
    std::vector<std::string> fields(words.begin(), words.end() - 2);
    if (fields.size() == 1) {
        s.pattern = context.patterns ? context.patterns(fields[0]) : nullptr;
        if (!s.pattern) {
            why = "no such pattern '" + fields[0] + "'";
            return false;
        }
        if (s.pattern->kind() != context.kind) {
            why = "pattern '" + fields[0] + "' is " +
                  (ports ? "an address pattern ('SADDR DADDR'); this element needs 'SADDR SPORT DADDR DPORT'"
                         : "a port pattern ('SADDR SPORT DADDR DPORT'); this element needs 'SADDR DADDR'");
            return false;
        }
    } else {
        auto p = std::make_shared<RewritePattern>();
        if (!(ports ? RewritePattern::parse(fields, *p, why) : RewritePattern::parse_addresses(fields, *p, why)))
            return false;
        s.pattern = std::move(p);
    }
    if (!parse_output(words[words.size() - 2], context.noutputs, s.foutput, "forward", why) ||
        !parse_output(words[words.size() - 1], context.noutputs, s.routput, "reply", why))
        return false;
    s.kind = InputSpec::Kind::pattern;
    out = std::move(s);
    return true;
}

bool parse_input_spec(const std::string& text, const SpecContext& context, InputSpec& out, std::string& why) {
    std::vector<std::string> words = lang::split_words(text);
    InputSpec s;
    if (words.empty()) {
        why = "empty argument";
        return false;
    }
    const int noutputs = context.noutputs;
    const std::string kind = words[0];
    words.erase(words.begin());

    if (kind == "drop" || kind == "discard") {
        if (!words.empty()) {
            why = "syntax error, expected '" + kind + "'";
            return false;
        }
        s.kind = InputSpec::Kind::drop;
    } else if (kind == "pass" || kind == "passthrough" || kind == "nochange") {
        if (words.size() > 1) {
            why = "syntax error, expected '" + kind + " [OUTPUT]'";
            return false;
        }
        if (!words.empty() && !parse_output(words[0], noutputs, s.foutput, "output", why)) return false;
        s.kind = InputSpec::Kind::pass;
    } else if (kind == "keep") {
        if (words.size() != 2) {
            why = "syntax error, expected 'keep FOUTPUT ROUTPUT'";
            return false;
        }
        if (!parse_output(words[0], noutputs, s.foutput, "forward", why) ||
            !parse_output(words[1], noutputs, s.routput, "reply", why))
            return false;
        s.kind = InputSpec::Kind::keep;
    } else if (kind == "pattern") {
        return parse_pattern_spec(words, context, out, why);
    } else if (IPMapper* m = words.empty() && context.mappers ? context.mappers(kind) : nullptr) {
        if (!m->accepts(noutputs, context.kind, why)) {
            why = "mapper '" + kind + "': " + why;
            return false;
        }
        s.kind = InputSpec::Kind::mapper;
        s.mapper = m;
    } else {
        why = "unknown specification '" + kind + "'";
        return false;
    }
    out = std::move(s);
    return true;
}

}  // namespace clickos::nat
