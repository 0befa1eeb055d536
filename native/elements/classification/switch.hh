/**
 * @element Switch
 * @synopsis Switch([OUTPUT])
 * @category classification
 * @summary sends every packet to one output, which a handler can change
 * @ports 1 input / any number of outputs, push
 *
 * Sends every packet to output OUTPUT (0 by default). A negative OUTPUT drops every
 * packet. The switch handler changes OUTPUT while the router runs; as in Click, writing a
 * number past the last output selects dropping (-1).
 *
 * @arg OUTPUT integer: the output packets go to, or a negative number to drop them; must be
 *   less than the number of outputs
 * @handler switch read/write: the current OUTPUT
 * @see StaticSwitch, PaintSwitch, RoundRobinSwitch, HashSwitch, RandomSwitch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Switch : public Element {
  public:
    const char* class_name() const override { return "Switch"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int, Packet* p) override { checked_output_push(output_, p); }
    void push_batch(int, PacketBatch& batch) override {
        if (output_ >= 0 && output_ < noutputs())
            output(output_).push_batch(batch);
        else
            batch.kill();
    }

  private:
    int32_t output_ = 0;
};

}  // namespace clickos
