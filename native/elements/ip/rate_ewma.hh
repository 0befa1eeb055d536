// Two traffic rates (forward and reverse) as exponentially weighted moving averages over
// fixed epochs: what arrives during an epoch is scaled to a per-second rate and folded in
// with weight 1/32 when the epoch ends; epochs without traffic decay the average. Time is
// passed in as an epoch number, so the arithmetic is testable without a clock.
#pragma once
#include <cstdint>

#include "clickos/float_ops.hh"

namespace clickos {

class RateEWMA {
  public:
    static constexpr int64_t epoch_ns = 100'000'000;  // a tenth of a second
    static constexpr double epochs_per_second = 1e9 / double(epoch_ns);
    static constexpr double weight = 1.0 / 32;

    static uint64_t epoch_of(int64_t steady_ns) { return uint64_t(steady_ns / epoch_ns); }

    void start(uint64_t epoch) {
        *this = RateEWMA();
        epoch_ = epoch;
    }
    // Adds `amount` (packets or bytes) to rate `which` (0 forward, 1 reverse) at `epoch`.
    void add(uint64_t epoch, double amount, int which) {
        roll(epoch);
        pending_[which] += amount;
    }
    // Rate `which` per second, as of the start of `epoch` (the current epoch is not counted yet).
    double rate(uint64_t epoch, int which) const {
        RateEWMA copy = *this;
        copy.roll(epoch);
        return copy.average_[which];
    }
    // The rate as if epoch `epoch`, the one in progress, ended now.
    double rate_now(uint64_t epoch, int which) const { return rate(epoch + 1, which); }

  private:
    void roll(uint64_t epoch) {
        if (epoch <= epoch_) return;
        uint64_t elapsed = epoch - epoch_;
        for (int w = 0; w < 2; ++w) {
            average_[w] += (pending_[w] * epochs_per_second - average_[w]) * weight;
            if (elapsed > 1) average_[w] *= power(1 - weight, elapsed - 1);
            pending_[w] = 0;
        }
        epoch_ = epoch;
    }

    double average_[2] = {0, 0};
    double pending_[2] = {0, 0};
    uint64_t epoch_ = 0;
};

}  // namespace clickos
