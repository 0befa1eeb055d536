/**
 * @element BandwidthShaper
 * @synopsis BandwidthShaper(RATE)
 * @category shaping
 * @summary lets packets be pulled through at no more than RATE bytes per second
 * @ports 1 input / 1 output, pull
 *
 * A pull element: a pull through it gets a packet from the input only while the rate allows,
 * and nothing otherwise. The rate is kept by a byte token bucket holding 20 milliseconds of
 * credit; a packet goes through whenever at least one byte of credit is left and is charged
 * its whole length, so the output averages RATE with short bursts. While it holds packets
 * back it tells whatever pulls from it to sleep (an empty notifier) and wakes it with a timer
 * when credit is back, or through the upstream notifier when packets arrive.
 *
 * @arg RATE bandwidth: for example 10Mbps or 1MBps (a bare number is bytes per second)
 * @handler rate read/write: RATE, read back in bytes per second ("125000Bps")
 * @see BandwidthRatedUnqueue, DelayShaper, RatedUnqueue
 */
#pragma once
#include "clickos/element.hh"
#include "shaping/pull_sleeper.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class BandwidthShaper : public Element {
  public:
    const char* class_name() const override { return "BandwidthShaper"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    Packet* pull(int) override;
    PacketBatch pull_batch(int, unsigned max) override;

    const TokenBucket& bucket() const { return bucket_; }

  private:
    void set_rate(uint64_t rate);
    // Refills; true if a packet may be pulled now, else puts the pullers to sleep.
    bool may_send(int64_t now);

    TokenBucket bucket_;
    PullSleeper sleeper_;
    uint64_t rate_ = 0;
};

}  // namespace clickos
