// The (mask, value) tests for "field & M >= LOW" and "field & M <= HIGH", checked against
// the comparison itself for every 8-bit mask, bound and field value, and on samples of
// 16- and 32-bit fields.
#include "ipfilter/field_ranges.hh"

#include <gtest/gtest.h>

#include <random>

using namespace clickos::ipfilter;

namespace {

bool covered(const std::vector<MaskValue>& terms, uint32_t x) {
    for (const MaskValue& t : terms)
        if ((x & t.mask) == t.value) return true;
    return false;
}

}  // namespace

TEST(FieldRanges, EveryEightBitCase) {
    for (uint32_t m = 0; m < 256; ++m)
        for (uint32_t bound = 0; bound < 256; ++bound) {
            auto ge = at_least(m, bound, 8), le = at_most(m, bound, 8);
            ASSERT_LE(ge.size(), 9u);
            ASSERT_LE(le.size(), 9u);
            for (const MaskValue& t : ge) ASSERT_EQ(t.value & ~t.mask, 0u);
            for (uint32_t x = 0; x < 256; ++x) {
                ASSERT_EQ(covered(ge, x), (x & m) >= bound) << m << " " << bound << " " << x;
                ASSERT_EQ(covered(le, x), (x & m) <= bound) << m << " " << bound << " " << x;
            }
        }
}

TEST(FieldRanges, WideFieldsOnSamples) {
    std::mt19937 g(99);
    for (int bits : {16, 32}) {
        uint32_t all = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
        for (int round = 0; round < 300; ++round) {
            uint32_t m = round % 3 == 0 ? all : uint32_t(g()) & all;
            uint32_t bound = uint32_t(g()) & all;
            auto ge = at_least(m, bound, bits), le = at_most(m, bound, bits);
            EXPECT_LE(ge.size(), size_t(bits) + 1);
            for (int k = 0; k < 2000; ++k) {
                uint32_t x = uint32_t(g()) & all;
                if (k & 1) x = (bound & m) ^ (uint32_t(1) << (k % bits));  // near the bound
                ASSERT_EQ(covered(ge, x), (x & m) >= bound);
                ASSERT_EQ(covered(le, x), (x & m) <= bound);
            }
        }
    }
}

TEST(FieldRanges, PortAbove1023IsSixTests) {
    // Ports 1024-65535: 1xxx..., 01xx..., 001x..., 0001..., 00001... and 000001 + 10 bits.
    EXPECT_EQ(at_least(0xffff, 1024, 16), (std::vector<MaskValue>{{0x8000, 0x8000},
                                                                  {0xc000, 0x4000},
                                                                  {0xe000, 0x2000},
                                                                  {0xf000, 0x1000},
                                                                  {0xf800, 0x0800},
                                                                  {0xfc00, 0x0400}}));
    EXPECT_EQ(at_most(0xffff, 1023, 16), (std::vector<MaskValue>{{0xfc00, 0x0000}}));
    EXPECT_EQ(at_least(0xff, 0, 8), (std::vector<MaskValue>{{0, 0}}));  // always
}
