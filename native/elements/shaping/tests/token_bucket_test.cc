// TokenBucket driven with explicit times: the expected credit follows from rate x time,
// worked out by hand in each comment.
#include "shaping/token_bucket.hh"

#include <gtest/gtest.h>

#include <limits>

using clickos::TokenBucket;

namespace {
constexpr int64_t ms = 1'000'000;
constexpr int64_t sec = 1'000'000'000;
}  // namespace

TEST(TokenBucket, StartsFullAndRefillsAtTheRate) {
    TokenBucket tb;
    tb.configure(1000, 5);  // one token per millisecond, five saved up at most
    tb.reset(0);
    EXPECT_EQ(tb.tokens(), 5u);
    tb.consume(5);
    EXPECT_FALSE(tb.ready());
    EXPECT_EQ(tb.wait_ns(), 1 * ms);
    tb.refill(1 * ms - 1);  // 0.999999 tokens
    EXPECT_FALSE(tb.ready());
    EXPECT_EQ(tb.wait_ns(), 1);
    tb.refill(1 * ms);
    EXPECT_TRUE(tb.ready());
    EXPECT_EQ(tb.tokens(), 1u);
    tb.refill(3 * ms + ms / 2);  // 3.5 tokens
    EXPECT_EQ(tb.tokens(), 3u);
    EXPECT_EQ(tb.credit(), 3 * TokenBucket::unit + TokenBucket::unit / 2);
}

TEST(TokenBucket, NeverHoldsMoreThanItsCapacity) {
    TokenBucket tb;
    tb.configure(1000, 5);
    tb.reset(0, false);
    EXPECT_EQ(tb.tokens(), 0u);
    tb.refill(10 * sec);
    EXPECT_EQ(tb.tokens(), 5u);
    // Time going backwards (it should not) changes nothing.
    tb.refill(1 * sec);
    EXPECT_EQ(tb.tokens(), 5u);
}

TEST(TokenBucket, DebtIsPaidBackBeforeTheNextToken) {
    TokenBucket tb;
    tb.configure(1000, 100);  // bytes: 1000 per second, 100 saved up
    tb.reset(0);
    EXPECT_TRUE(tb.ready());
    tb.consume(1500);  // a packet larger than the bucket: 100 - 1500 = -1400 bytes
    EXPECT_FALSE(tb.ready());
    EXPECT_EQ(tb.tokens(), 0u);
    // One whole byte is 1401 bytes away: 1.401 s at 1000 bytes per second.
    EXPECT_EQ(tb.wait_ns(), 1401 * ms);
    tb.refill(1401 * ms - 1);
    EXPECT_FALSE(tb.ready());
    tb.refill(1401 * ms);
    EXPECT_TRUE(tb.ready());
}

TEST(TokenBucket, ZeroRateNeverRefills) {
    TokenBucket tb;
    tb.configure(0, 0);
    tb.reset(0);
    EXPECT_FALSE(tb.ready());
    EXPECT_EQ(tb.wait_ns(), -1);
    tb.refill(100 * sec);
    EXPECT_FALSE(tb.ready());
    // A zero rate with saved-up tokens spends them, then never refills.
    tb.configure(0, 2);
    tb.reset(0);
    tb.consume(2);
    EXPECT_EQ(tb.wait_ns(), -1);
}

TEST(TokenBucket, CapacityForADuration) {
    EXPECT_EQ(TokenBucket::capacity_for(1000, 20 * ms), 20u);      // 1000/s x 0.02 s
    EXPECT_EQ(TokenBucket::capacity_for(10, 20 * ms), 1u);         // 0.2, at least one
    EXPECT_EQ(TokenBucket::capacity_for(0, 20 * ms), 0u);          // nothing for a zero rate
    EXPECT_EQ(TokenBucket::capacity_for(125000, 20 * ms), 2500u);  // 1 Mbps in bytes
    EXPECT_EQ(TokenBucket::capacity_for(TokenBucket::max_rate, 100 * sec), TokenBucket::max_capacity);
}

TEST(TokenBucket, ExtremeValuesDoNotOverflow) {
    TokenBucket tb;
    tb.configure(TokenBucket::max_rate, TokenBucket::max_capacity);
    tb.reset(0, false);
    tb.refill(std::numeric_limits<int64_t>::max() / 2);
    EXPECT_EQ(tb.tokens(), TokenBucket::max_capacity);
    tb.configure(UINT64_MAX, UINT64_MAX);  // clamped
    EXPECT_EQ(tb.rate(), TokenBucket::max_rate);
    EXPECT_EQ(tb.capacity(), TokenBucket::max_capacity);
}

TEST(TokenBucket, ShrinkingTheCapacityClipsTheCredit) {
    TokenBucket tb;
    tb.configure(1000, 50);
    tb.reset(0);
    tb.configure(1000, 3);
    EXPECT_EQ(tb.tokens(), 3u);
}

TEST(TokenBucket, RoundsRealRates) {
    EXPECT_EQ(TokenBucket::round_rate(0), 0u);
    EXPECT_EQ(TokenBucket::round_rate(-3), 0u);
    EXPECT_EQ(TokenBucket::round_rate(0.125), 1u);  // 1 bps: a positive rate never becomes zero
    EXPECT_EQ(TokenBucket::round_rate(2.4), 2u);
    EXPECT_EQ(TokenBucket::round_rate(2.6), 3u);
    EXPECT_EQ(TokenBucket::round_rate(1e20), TokenBucket::max_rate);
}
