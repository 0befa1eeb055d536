/**
 * @element SimplePullSwitch
 * @synopsis SimplePullSwitch([INPUT])
 * @category scheduling
 * @summary answers each pull from one input, which a handler can change; no notifier
 * @ports any number of inputs / 1 output, pull
 *
 * Every pull on the output is passed to input INPUT (0 by default) and returns what that
 * input gives. A negative INPUT makes every pull return nothing. The switch handler changes
 * INPUT while the router runs; writing a number past the last input selects nothing (-1).
 *
 * SimplePullSwitch has no empty notifier of its own, so whatever pulls from it sleeps only
 * when every input is dry, even those not selected; PullSwitch sleeps on the selected
 * input alone.
 *
 * @arg INPUT integer: the input pulls go to, or a negative number for none; must be less
 *   than the number of inputs
 * @handler switch read/write: the current INPUT
 * @see PullSwitch, Switch, InputSwitch, PrioSched, RoundRobinSched
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SimplePullSwitch : public Element {
  public:
    const char* class_name() const override { return "SimplePullSwitch"; }
    const char* port_count() const override { return "-/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    void add_handlers() override;
    Packet* pull(int) override { return input_ >= 0 ? input(input_).pull() : nullptr; }
    PacketBatch pull_batch(int, unsigned max) override {
        return input_ >= 0 ? input(input_).pull_batch(max) : PacketBatch();
    }

    int selected_input() const { return input_; }

  protected:
    // A new input was selected (PullSwitch wakes its pullers).
    virtual void switched() {}
    int32_t input_ = 0;
};

// Reads INPUT for SimplePullSwitch, PullSwitch and InputSwitch: -1 if it names no input.
int read_switch_input(Args& args, Element* e, int32_t& input);
// Parses a switch handler write: past the last input means none (-1), as in Click.
int write_switch_input(const std::string& value, Element* e, ErrorHandler* errh, int32_t& input);

}  // namespace clickos
