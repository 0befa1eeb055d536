// A token bucket driven by explicit times, shared by the rate-limiting elements (shapers,
// rated unqueues and splitters, rated sources). Callers pass the monotonic time in, so tests
// can drive it deterministically.
//
// Credit is counted in nano-tokens (one token = 1e9 units): a rate of R tokens per second then
// adds exactly R units per nanosecond, with integer arithmetic and no drift. A caller may take
// more tokens than the bucket holds as long as it holds at least one (consume() goes into
// debt): so a byte bucket smaller than a packet still passes packets, at the right average.
#pragma once
#include <algorithm>
#include <cstdint>

namespace clickos {

class TokenBucket {
  public:
    static constexpr int64_t unit = 1'000'000'000;  // credit units per token
    // Limits that keep every product below 2^63.
    static constexpr uint64_t max_rate = 1'000'000'000'000ull;  // tokens per second
    static constexpr uint64_t max_capacity = 4'000'000'000ull;  // tokens

    // Fill rate in tokens per second (0: never refills) and the most whole tokens saved up.
    // The credit held is kept, clipped to the new capacity.
    void configure(uint64_t rate, uint64_t capacity) {
        rate_ = std::min(rate, max_rate);
        capacity_ = std::min(capacity, max_capacity);
        credit_ = std::min(credit_, cap_units());
    }
    // The capacity that holds `duration_ns` worth of tokens at `rate`, at least one token
    // (none for a zero rate, which must never pass anything).
    static uint64_t capacity_for(uint64_t rate, int64_t duration_ns) {
        if (rate == 0) return 0;
        long double tokens = (long double)rate * (long double)std::max<int64_t>(duration_ns, 0) / 1e9L;
        if (tokens > (long double)max_capacity) return max_capacity;
        return std::max<uint64_t>(1, uint64_t(tokens));
    }

    // A rate given as a real number (a bandwidth in bytes per second): rounded, at least 1 if
    // positive, at most max_rate.
    static uint64_t round_rate(double per_sec) {
        if (!(per_sec > 0)) return 0;
        if (per_sec >= double(max_rate)) return max_rate;
        return std::max<uint64_t>(1, uint64_t(per_sec + 0.5));
    }

    // Starts a measurement at `now` with a full (or empty) bucket.
    void reset(int64_t now, bool full = true) {
        last_ = now;
        credit_ = full ? cap_units() : 0;
    }
    // Adds the credit earned since the previous refill, up to the capacity.
    void refill(int64_t now) {
        if (now <= last_) return;
        int64_t dt = now - last_;
        last_ = now;
        int64_t cap = cap_units();
        if (credit_ >= cap || rate_ == 0) return;
        // Time to fill up; beyond it the product could overflow and the bucket is full anyway.
        int64_t room = cap - credit_;
        int64_t fill_ns = (room + int64_t(rate_) - 1) / int64_t(rate_);
        credit_ = dt >= fill_ns ? cap : credit_ + dt * int64_t(rate_);
    }

    // At least one whole token is available.
    bool ready() const { return credit_ >= unit; }
    // Whole tokens available now (0 while in debt).
    uint64_t tokens() const { return credit_ > 0 ? uint64_t(credit_ / unit) : 0; }
    // Takes n tokens; may leave the bucket in debt, which later refills pay back first.
    void consume(uint64_t n) { credit_ -= int64_t(n) * unit; }
    // Nanoseconds after the last refill until ready(); 0 if ready now, -1 if never.
    int64_t wait_ns() const {
        if (ready()) return 0;
        if (rate_ == 0 || cap_units() < unit) return -1;
        return (unit - credit_ + int64_t(rate_) - 1) / int64_t(rate_);
    }

    uint64_t rate() const { return rate_; }
    uint64_t capacity() const { return capacity_; }
    int64_t credit() const { return credit_; }  // in units, for tests
    int64_t last_refill() const { return last_; }

  private:
    int64_t cap_units() const { return int64_t(capacity_) * unit; }

    uint64_t rate_ = 0;
    uint64_t capacity_ = 0;
    int64_t credit_ = 0;
    int64_t last_ = 0;
};

}  // namespace clickos
