/**
 * @element InputSwitch
 * @synopsis InputSwitch([INPUT])
 * @category scheduling
 * @summary passes packets from one input, which a handler can change, and drops the rest
 * @ports any number of inputs / 1 output, push
 *
 * Packets pushed into input INPUT (0 by default) leave on the output; packets pushed into
 * any other input are dropped. A negative INPUT drops every packet. The switch handler
 * changes INPUT while the router runs; writing a number past the last input selects none
 * (-1).
 *
 * @arg INPUT integer: the input whose packets pass, or a negative number for none; must be
 *   less than the number of inputs
 * @handler switch read/write: the current INPUT
 * @see PullSwitch, Switch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class InputSwitch : public Element {
  public:
    const char* class_name() const override { return "InputSwitch"; }
    const char* port_count() const override { return "-/1"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int port, Packet* p) override {
        if (port == input_)
            output(0).push(p);
        else
            p->kill();
    }
    void push_batch(int port, PacketBatch& b) override {
        if (port == input_)
            output(0).push_batch(b);
        else
            b.kill();
    }

  private:
    int32_t input_ = 0;
};

}  // namespace clickos
