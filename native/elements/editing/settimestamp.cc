#include "settimestamp.hh"

#include <cctype>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

bool SetTimestamp::parse_timestamp(const std::string& s, Timestamp& out) {
    size_t i = 0;
    int64_t sec = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
        if (sec > 9'000'000'000) return false;  // keeps sec * 1e9 inside int64
        sec = sec * 10 + (s[i] - '0');
    }
    if (i < s.size() && s[i] == '.') {
        for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++frac_digits)
            if (frac_digits < 9) frac = frac * 10 + (s[i] - '0');
        if (frac_digits == 0 && digits == 0) return false;
    }
    if (i != s.size() || (digits == 0 && frac_digits == 0)) return false;
    for (int k = frac_digits; k < 9; ++k) frac *= 10;
    out = Timestamp{sec * 1'000'000'000 + frac};
    return true;
}

namespace {

// An argument type of its own so that Args reports a bad value at the argument.
struct TimestampArg {
    Timestamp value;
};

bool parse_value(std::string_view s, TimestampArg& v, std::string& why) {
    std::string text = unquote(s);
    if (SetTimestamp::parse_timestamp(text, v.value)) return true;
    why = "expected seconds since 1970, found '" + text + "'";
    return false;
}

}  // namespace

int SetTimestamp::configure(Args& args) {
    TimestampArg ts;
    bool first = false, delta = false;
    if (args.read_p("TIMESTAMP", ts).read("FIRST", first).read("DELTA", delta).complete() < 0) return -1;
    if (first) return args.error("FIRST true is not supported: packets have no first-timestamp annotation");
    if (delta) return args.error("DELTA true is not supported: packets have no first-timestamp annotation");
    use_now_ = !args.given("TIMESTAMP");
    timestamp_ = ts.value;
    return 0;
}

void SetTimestamp::add_handlers() {
    add_read_handler("timestamp",
                     [this](Element*) { return (use_now_ ? std::string("now") : timestamp_.str(true)) + "\n"; });
    add_write_handler("timestamp", [this](const std::string& v, Element*, ErrorHandler* errh) {
        if (v.empty() || v == "now") {
            use_now_ = true;
            return 0;
        }
        Timestamp t;
        if (!parse_timestamp(v, t)) return errh->error("timestamp: expected seconds since 1970, found '" + v + "'");
        timestamp_ = t;
        use_now_ = false;
        return 0;
    });
}

CLICKOS_ELEMENT(SetTimestamp);

}  // namespace clickos
