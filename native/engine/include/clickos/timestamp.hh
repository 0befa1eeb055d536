// Timestamps and durations in nanoseconds.
#pragma once
#include <cstdint>
#include <string>

namespace clickos {

struct Timestamp {
    int64_t ns = 0;

    static Timestamp now();         // wall clock
    static Timestamp now_steady();  // monotonic, for intervals and timers
    static constexpr Timestamp from_sec(double s) { return {int64_t(s * 1e9)}; }
    static constexpr Timestamp from_msec(int64_t ms) { return {ms * 1000000}; }
    static constexpr Timestamp from_usec(int64_t us) { return {us * 1000}; }

    int64_t sec() const { return ns >= 0 ? ns / 1000000000 : -((-ns + 999999999) / 1000000000); }
    int64_t subsec_ns() const { return ns - sec() * 1000000000; }
    double doubleval() const { return double(ns) / 1e9; }
    explicit operator bool() const { return ns != 0; }

    // "SEC.USEC" (six digits, as tcpdump and Click print by default), or nine with `nanoseconds`.
    std::string str(bool nanoseconds = false) const;

    friend constexpr bool operator<(Timestamp a, Timestamp b) { return a.ns < b.ns; }
    friend constexpr bool operator<=(Timestamp a, Timestamp b) { return a.ns <= b.ns; }
    friend constexpr bool operator>(Timestamp a, Timestamp b) { return a.ns > b.ns; }
    friend constexpr bool operator>=(Timestamp a, Timestamp b) { return a.ns >= b.ns; }
    friend constexpr bool operator==(Timestamp a, Timestamp b) { return a.ns == b.ns; }
    friend constexpr bool operator!=(Timestamp a, Timestamp b) { return a.ns != b.ns; }
    friend constexpr Timestamp operator+(Timestamp a, Timestamp b) { return {a.ns + b.ns}; }
    friend constexpr Timestamp operator-(Timestamp a, Timestamp b) { return {a.ns - b.ns}; }
};

}  // namespace clickos
