// The libm-free floating-point operations: hand-worked cases, then agreement with the C
// library's llround and fmod (another implementation) over many random operands.
#include "clickos/float_ops.hh"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

using namespace clickos;

namespace {
bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}
double random_bits(std::mt19937_64& g) {
    uint64_t b = g();
    double v;
    std::memcpy(&v, &b, sizeof v);
    return v;
}
}  // namespace

TEST(FloatOps, RoundsHalfwayAwayFromZero) {
    EXPECT_EQ(round_to_int64(0.5), 1);
    EXPECT_EQ(round_to_int64(1.5), 2);
    EXPECT_EQ(round_to_int64(2.5), 3);
    EXPECT_EQ(round_to_int64(-2.5), -3);
    EXPECT_EQ(round_to_int64(2.4), 2);
    EXPECT_EQ(round_to_int64(-0.4), 0);
    EXPECT_EQ(round_to_int64(0.49999999999999994), 0);                // the largest double below 0.5
    EXPECT_EQ(round_to_int64(4503599627370497.0), 4503599627370497);  // 2^52 + 1: already whole
    EXPECT_EQ(round_to_int64(9.2e18), 9200000000000000000);
}

TEST(FloatOps, RemainderByHand) {
    EXPECT_EQ(remainder_of_division(5.5, 2), 1.5);
    EXPECT_EQ(remainder_of_division(-5.5, 2), -1.5);
    EXPECT_EQ(remainder_of_division(5.5, -2), 1.5);
    EXPECT_EQ(remainder_of_division(1, 3), 1);
    EXPECT_EQ(remainder_of_division(0x1p60, 3), 1);  // 2^60 = 3 * (2^60 - 1) / 3 + 1
    EXPECT_EQ(remainder_of_division(0.75, 0.25), 0);
    EXPECT_TRUE(std::signbit(remainder_of_division(-4, 2)));  // -0: the sign of x
    EXPECT_EQ(remainder_of_division(7, INFINITY), 7);
    EXPECT_EQ(remainder_of_division(0x1p-1074 * 5, 0x1p-1074 * 2), 0x1p-1074);  // subnormals
    EXPECT_TRUE(std::isnan(remainder_of_division(1, 0)));
    EXPECT_TRUE(std::isnan(remainder_of_division(INFINITY, 2)));
    EXPECT_TRUE(std::isnan(remainder_of_division(NAN, 2)));
}

TEST(FloatOps, AgreesWithTheCLibrary) {
    std::mt19937_64 g(20261201);
    for (int i = 0; i < 200000; ++i) {
        double x = i % 4 == 0 ? double(int64_t(g() % 100000) - 50000) / 3 : random_bits(g);
        double y = i % 3 == 0 ? double(int64_t(g() % 1000) - 500) / 7 : random_bits(g);
        double mine = remainder_of_division(x, y), libc = std::fmod(x, y);
        ASSERT_TRUE(same_bits(mine, libc) || (std::isnan(mine) && std::isnan(libc)))
            << std::hexfloat << x << " mod " << y << ": " << mine << ", fmod says " << libc;
        double z = double(int64_t(g() >> 2)) / double(1 + g() % 1000) * (i % 2 ? -1 : 1);
        ASSERT_EQ(round_to_int64(z), std::llround(z)) << std::hexfloat << z;
    }
}

TEST(FloatOps, Power) {
    EXPECT_EQ(power(2, 0), 1);
    EXPECT_EQ(power(2, 10), 1024);
    EXPECT_EQ(power(31.0 / 32, 5), 28629151.0 / 33554432);                          // 31^5 / 32^5, exact
    EXPECT_EQ(power(0.5, 1100), 0);                                                 // underflows, as pow does
    EXPECT_NEAR(power(0.999, 10000) / std::pow(0.999, 10000), 1, 10000 * 0x1p-53);  // see float_ops.hh
}
