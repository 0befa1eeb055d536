// A time argument that may be negative ("-1.5s", "250ms"), for AdjustTimestamp and the
// handlers that take one.
#pragma once
#include <string>
#include <string_view>

#include "clickos/args.hh"

namespace clickos::analysis {

struct SignedSeconds {
    Timestamp value;
};

inline bool parse_value(std::string_view s, SignedSeconds& v, std::string& why) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    Seconds t;
    if (!clickos::parse_value(s, t, why)) {
        why = "expected time, possibly negative (for example -1.5s, 10ms)";
        return false;
    }
    v.value = negative ? Timestamp{-t.value.ns} : t.value;
    return true;
}

// "SEC.USEC" with a sign, as Click prints a timestamp.
inline std::string signed_str(Timestamp t) {
    return t.ns < 0 ? "-" + Timestamp{-t.ns}.str() : t.str();
}

}  // namespace clickos::analysis
