// Floating-point operations the engine and elements need, computed without libm. The engine's
// programs do not load libm: mapping and relocating it would cost every start about 340 KB of
// resident memory for a handful of functions. Each result equals the C library's, except
// power()'s (see there).
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace clickos {

// llround(x): the nearest integer, halfway cases away from zero; |x| must be below 2^63.
inline int64_t round_to_int64(double x) {
    int64_t t = int64_t(x);  // truncated: x - t is exact
    double rest = x - double(t);
    return t + (rest >= 0.5 ? 1 : rest <= -0.5 ? -1 : 0);
}

// fmod(x, y): x - n*y for the integer n that x/y truncates to, computed exactly (the result
// is always representable) by long division of the significands.
inline double remainder_of_division(double x, double y) {
    if (std::isnan(x) || std::isnan(y) || std::isinf(x) || y == 0) return std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(y) || std::fabs(x) < std::fabs(y)) return x;
    // |v| = significand * 2^exponent, the significand an integer below 2^53.
    auto split = [](double v, uint64_t& significand, int& exponent) {
        uint64_t bits = std::bit_cast<uint64_t>(v);
        int biased = int((bits >> 52) & 0x7ff);
        significand = bits & ((uint64_t(1) << 52) - 1);
        if (biased) significand |= uint64_t(1) << 52;
        exponent = (biased ? biased : 1) - 1075;
    };
    uint64_t r, d;
    int ex, ey;
    split(x, r, ex);
    split(y, d, ey);
    // (r * 2^(ex - ey)) mod d, one bit at a time: r stays below 2*d, so below 2^54.
    r %= d;
    for (int shift = ex - ey; shift > 0; --shift) {
        r <<= 1;
        if (r >= d) r -= d;
    }
    // Now |result| = r * 2^ey with r < d < 2^53: exact; build it, subnormal or normal.
    double magnitude = 0;
    if (r) {
        int exponent = ey;
        while (r < (uint64_t(1) << 52) && exponent > -1074) {
            r <<= 1;
            --exponent;
        }
        uint64_t bits = r < (uint64_t(1) << 52) ? r  // subnormal: the exponent field stays 0
                                                : (uint64_t(exponent + 1075) << 52) | (r & ((uint64_t(1) << 52) - 1));
        magnitude = std::bit_cast<double>(bits);
    }
    return std::signbit(x) ? -magnitude : magnitude;
}

// base^n by repeated squaring. Exact where every intermediate power is representable (as with
// (31/32)^n for n <= 10); otherwise the rounding errors add up to a relative error of at most
// about n * 2^-53 (pow() stays within an ulp), which decay factors and rate estimates tolerate.
inline double power(double base, uint64_t n) {
    double result = 1;
    for (; n; n >>= 1) {
        if (n & 1) result *= base;
        base *= base;
    }
    return result;
}

}  // namespace clickos
