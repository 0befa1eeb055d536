/**
 * @element Shaper
 * @synopsis Shaper(RATE)
 * @category shaping
 * @summary lets packets be pulled through at no more than RATE packets per second
 * @ports 1 input / 1 output, pull
 *
 * A pull element: a pull through it gets a packet from the input only if 1 / RATE seconds
 * have passed since the previous packet went through (the first goes at once), and nothing
 * otherwise. There is no burst allowance: packets leave evenly spaced when they are pulled
 * often enough, and a puller that comes rarely gets packets rarely. While it holds packets
 * back it tells whatever pulls from it to sleep (an empty notifier) and wakes it with a
 * timer when the next packet may go, or through the upstream notifier when packets arrive.
 * A RATE of 0 passes nothing.
 *
 * @arg RATE unsigned: packets per second
 * @handler rate read/write: RATE
 * @see BandwidthShaper, RatedUnqueue, RatedSplitter, TimedSink
 */
#pragma once
#include "clickos/element.hh"
#include "shaping/pull_sleeper.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class Shaper : public Element {
  public:
    const char* class_name() const override { return "Shaper"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    Packet* pull(int) override;

  private:
    void set_rate(uint32_t rate);

    TokenBucket bucket_;  // one token per packet, holding at most one: no bursts
    PullSleeper sleeper_;
    uint32_t rate_ = 0;
};

}  // namespace clickos
