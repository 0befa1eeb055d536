/**
 * @element PullSwitch
 * @synopsis PullSwitch([INPUT])
 * @category scheduling
 * @summary answers each pull from one input, which a handler can change
 * @ports any number of inputs / 1 output, pull
 *
 * Every pull on the output is passed to input INPUT (0 by default) and returns what that
 * input gives. A negative INPUT makes every pull return nothing. The switch handler changes
 * INPUT while the router runs; writing a number past the last input selects nothing (-1).
 *
 * PullSwitch has an empty notifier that follows the selected input: whatever pulls from it
 * (an Unqueue, a scheduler) sleeps while that input is dry, even if other inputs hold
 * packets, and wakes when the selected input gets packets or the switch handler selects
 * another input. With a negative INPUT it stays asleep.
 *
 * @arg INPUT integer: the input pulls go to, or a negative number for none; must be less
 *   than the number of inputs
 * @handler switch read/write: the current INPUT
 * @see SimplePullSwitch, Switch, InputSwitch, PrioSched, RoundRobinSched, StrideSched
 */
#pragma once
#include "scheduling/input_watch.hh"
#include "scheduling/simplepullswitch.hh"

namespace clickos {

class PullSwitch : public SimplePullSwitch {
  public:
    const char* class_name() const override { return "PullSwitch"; }
    int initialize(ErrorHandler*) override;
    void* cast(const char* name) override;
    Packet* pull(int) override;
    PacketBatch pull_batch(int, unsigned max) override;

  private:
    void switched() override;
    // The selected input gave nothing: sleep unless it may have packets soon.
    void input_dry() {
        if (input_ < 0 || !watch_.signal(input_).active()) watch_.sleep();
    }
    InputWatch watch_;
};

}  // namespace clickos
