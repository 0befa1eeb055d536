/**
 * @element Bypass
 * @synopsis Bypass([ACTIVE, KEYWORDS])
 * @category classification
 * @summary sends packets along a side path while a handler says so
 * @ports 1 or 2 inputs / 1 or 2 outputs, agnostic
 *
 * Normally passes packets from input 0 to output 0, like Null. While ACTIVE, a push Bypass
 * sends packets from input 0 to output 1 instead, and a pull Bypass answers pulls on output
 * 0 from input 1. The second input (push) or output (pull) joins the side path back to the
 * main one: packets pushed into input 1 leave on output 0, and pulls on output 1 are passed
 * to input 0. So "Bypass -> sink; b[1] -> Print -> [1]b" reads the same in push and pull.
 * An active push Bypass without output 1 drops the packets; an active pull Bypass without
 * input 1 returns nothing.
 *
 * Click's Bypass rewires its neighbours so that it costs nothing; ours always stays in the
 * path and forwards each packet itself (one virtual call), as Click does with INLINE true.
 *
 * @arg ACTIVE boolean: whether to use the side path (default false)
 * @arg INLINE boolean: accepted for compatibility; Bypass always stays inline here (default
 *   false)
 * @handler active read/write: ACTIVE
 * @see Switch, PullSwitch, Null
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Bypass : public Element {
  public:
    const char* class_name() const override { return "Bypass"; }
    const char* port_count() const override { return "1-2/1-2"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int port, Packet* p) override { checked_output_push(port == 0 && active_ ? 1 : 0, p); }
    void push_batch(int port, PacketBatch& b) override {
        int out = port == 0 && active_ ? 1 : 0;
        if (out < noutputs())
            output(out).push_batch(b);
        else
            b.kill();
    }
    Packet* pull(int port) override {
        int in = port == 0 && active_ ? 1 : 0;
        return in < ninputs() ? input(in).pull() : nullptr;
    }
    PacketBatch pull_batch(int port, unsigned max) override {
        int in = port == 0 && active_ ? 1 : 0;
        return in < ninputs() ? input(in).pull_batch(max) : PacketBatch();
    }

  private:
    bool active_ = false;
    bool inline_ = false;
};

}  // namespace clickos
