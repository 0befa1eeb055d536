/**
 * @element Burster
 * @synopsis Burster(I, N)
 * @category shaping
 * @summary pulls N packets every interval and pushes them out
 * @ports 1 input / 1 output, pull input, push output
 *
 * A timer fires every I and pulls up to N packets from the input, stopping early when the
 * input has nothing, then pushes them out as one batch. Output comes in bursts, so a Queue
 * usually sits on each side.
 *
 * @arg I time: the interval between bursts ("0.5", "10ms", ...), more than zero
 * @arg N integer: the most packets pulled per burst, at least 1
 * @handler interval read/write: I
 * @handler burst read/write: N
 * @see Unqueue, RatedUnqueue, Queue
 */
#pragma once
#include "clickos/args.hh"
#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class Burster : public Element {
  public:
    Burster() : timer_(this) {}
    const char* class_name() const override { return "Burster"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void run_timer(Timer*) override;

  private:
    Timer timer_;
    Seconds interval_;
    uint32_t burst_ = 1;
};

}  // namespace clickos
