// Absolute times as traces write them: "SEC[.FRACTION]", seconds since 1970 with up to nine
// decimals, parsed exactly (a double would lose the microseconds of today's dates).
#pragma once
#include <cctype>
#include <string>
#include <string_view>

#include "clickos/timestamp.hh"

namespace clickos::traces {

inline bool parse_trace_time(std::string_view s, Timestamp& out) {
    size_t i = 0;
    int64_t sec = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
        if (sec > 9'000'000'000) return false;  // keeps sec * 1e9 inside int64
        sec = sec * 10 + (s[i] - '0');
    }
    if (i < s.size() && s[i] == '.')
        for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++frac_digits)
            if (frac_digits < 9) frac = frac * 10 + (s[i] - '0');
    if (i != s.size() || (digits == 0 && frac_digits == 0)) return false;
    for (int k = frac_digits; k < 9; ++k) frac *= 10;
    out = Timestamp{sec * 1'000'000'000 + frac};
    return true;
}

// An argument type, so Args reports a malformed time at the argument.
struct TraceTime {
    Timestamp value;
};

inline bool parse_value(std::string_view s, TraceTime& v, std::string& why) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    if (parse_trace_time(s, v.value)) return true;
    why = "expected seconds since 1970";
    return false;
}

}  // namespace clickos::traces
