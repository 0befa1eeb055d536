/**
 * @element StaticSwitch
 * @synopsis StaticSwitch(OUTPUT)
 * @category classification
 * @summary sends every packet to one fixed output
 * @ports 1 input / any number of outputs, push
 *
 * Sends every packet to output OUTPUT. A negative OUTPUT, or one past the last output (as
 * in Click), drops every packet. Unlike Switch, the output cannot change at run time.
 *
 * @arg OUTPUT integer: the output packets go to, or a negative number to drop them
 * @see Switch, PaintSwitch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class StaticSwitch : public Element {
  public:
    const char* class_name() const override { return "StaticSwitch"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int, Packet* p) override { checked_output_push(output_, p); }
    void push_batch(int, PacketBatch& batch) override {
        if (output_ >= 0)
            output(output_).push_batch(batch);
        else
            batch.kill();
    }

  private:
    int32_t output_ = -1;
};

}  // namespace clickos
