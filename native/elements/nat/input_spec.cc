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
    if (v < 0 || v >= noutputs) {
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
    }
    return "";
}

bool parse_input_spec(const std::string& text, int noutputs, const PatternLookup& lookup, InputSpec& out,
                      std::string& why) {
    std::vector<std::string> words = lang::split_words(text);
    InputSpec s;
    if (words.empty()) {
        why = "empty argument";
        return false;
    }
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
        if (words.size() != 3 && words.size() != 6) {
            why =
                "syntax error, expected 'pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' or 'pattern NAME FOUTPUT "
                "ROUTPUT'";
            return false;
        }
        std::vector<std::string> fields(words.begin(), words.end() - 2);
        if (fields.size() == 1) {
            s.pattern = lookup ? lookup(fields[0]) : nullptr;
            if (!s.pattern) {
                why = "no such pattern '" + fields[0] + "'";
                return false;
            }
        } else {
            auto p = std::make_shared<RewritePattern>();
            if (!RewritePattern::parse(fields, *p, why)) return false;
            s.pattern = std::move(p);
        }
        if (!parse_output(words[words.size() - 2], noutputs, s.foutput, "forward", why) ||
            !parse_output(words[words.size() - 1], noutputs, s.routput, "reply", why))
            return false;
        s.kind = InputSpec::Kind::pattern;
    } else {
        // Click also accepts the name of an IPMapper element here; there are none yet.
        why = "unknown specification '" + kind + "'";
        return false;
    }
    out = std::move(s);
    return true;
}

}  // namespace clickos::nat
