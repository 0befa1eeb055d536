// Comparisons of a masked header field with a constant, as unions of (mask, value) tests,
// since the match program can only test "word & mask == value".
//
// y = field & M is compared with a constant bit by bit from the most significant bit. On
// the way, the bits of y above the current bit equal the constant's; at a bit where y can
// be larger (or smaller) than the constant, one test covers every y that first differs
// there. A run of low bits that cannot change the answer ends the walk with one test, so
// "port > 1023" is 6 tests, not 16. Bits outside M are 0 in y. At most bits+1 tests.
#pragma once
#include <cstdint>
#include <vector>

namespace clickos::ipfilter {

struct MaskValue {
    uint32_t mask;
    uint32_t value;  // value & ~mask == 0
    bool operator==(const MaskValue& o) const { return mask == o.mask && value == o.value; }
};

// Tests whose union is {x : (x & m) >= low}, for a field of `bits` bits (1..32).
inline std::vector<MaskValue> at_least(uint32_t m, uint32_t low, int bits) {
    std::vector<MaskValue> out;
    uint32_t pm = 0, pv = 0;  // the prefix: bits of y fixed equal to low's so far
    for (int b = bits - 1; b >= 0; --b) {
        uint32_t bit = uint32_t(1) << b;
        uint32_t below = bit | (bit - 1);
        if ((low & below) == 0) {  // low has no more 1 bits: every y on this path is >= low
            out.push_back({pm, pv});
            return out;
        }
        if (m & bit) {
            if (low & bit) {
                pm |= bit, pv |= bit;
            } else {
                out.push_back({pm | bit, pv | bit});  // y has a 1 where low has a 0
                pm |= bit;
            }
        } else if (low & bit) {
            return out;  // y's bit is 0 where low has 1: y < low on this path
        }
    }
    out.push_back({pm, pv});  // y == low
    return out;
}

// Tests whose union is {x : (x & m) <= high}.
inline std::vector<MaskValue> at_most(uint32_t m, uint32_t high, int bits) {
    std::vector<MaskValue> out;
    uint32_t pm = 0, pv = 0;
    for (int b = bits - 1; b >= 0; --b) {
        uint32_t bit = uint32_t(1) << b;
        uint32_t below = bit | (bit - 1);
        if ((high & m & below) == (m & below)) {  // every remaining bit of y may be 1
            out.push_back({pm, pv});
            return out;
        }
        if (m & bit) {
            if (high & bit) {
                out.push_back({pm | bit, pv});  // y has a 0 where high has a 1
                pm |= bit, pv |= bit;
            } else {
                pm |= bit;
            }
        } else if (high & bit) {
            out.push_back({pm, pv});  // y's bit is 0 where high has 1: y < high whatever follows
            return out;
        }
    }
    out.push_back({pm, pv});
    return out;
}

}  // namespace clickos::ipfilter
