/**
 * @element TimedSink
 * @synopsis TimedSink([INTERVAL])
 * @category basic sources and sinks
 * @summary pulls and drops one packet every INTERVAL
 * @ports 1 input / 0 outputs, pull
 *
 * A timer pulls one packet from the input every INTERVAL (500 milliseconds by default) and
 * drops it. The timer runs whether or not the input has packets; the interval is measured
 * from one expiry to the next, so it does not drift.
 *
 * @arg INTERVAL time: how often to pull, for example 10ms (default 500ms); must be positive
 * @handler interval read/write: INTERVAL
 * @handler count read: packets pulled and dropped
 * @see Shaper, Discard, TimedSource
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class TimedSink : public Element {
  public:
    TimedSink() : timer_(this) {}
    const char* class_name() const override { return "TimedSink"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void run_timer(Timer*) override;

  private:
    Timer timer_;
    Timestamp interval_ = Timestamp::from_msec(500);
    uint64_t count_ = 0;
};

}  // namespace clickos
