/**
 * @element RoundRobinSwitch
 * @synopsis RoundRobinSwitch
 * @category classification
 * @summary sends packets to its outputs in turn
 * @ports 1 input / 1 or more outputs, push
 *
 * Sends the first packet to output 0, the next to output 1, and so on, starting over at
 * output 0 after the last output.
 *
 * @see RandomSwitch, HashSwitch, Switch, RoundRobinSched
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class RoundRobinSwitch : public Element {
  public:
    const char* class_name() const override { return "RoundRobinSwitch"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "h/h"; }
    void push(int, Packet* p) override { output(choose()).push(p); }
    void push_batch(int, PacketBatch& batch) override;

  private:
    int choose() {
        int o = next_;
        next_ = o + 1 < noutputs() ? o + 1 : 0;
        return o;
    }
    int next_ = 0;
};

}  // namespace clickos
