/**
 * @element Tee
 * @synopsis Tee([N])
 * @category basic copying
 * @summary sends a copy of each packet to every output
 * @ports 1 input / 1 or more outputs, push
 *
 * Each packet goes out every output: clones (sharing the data) to all outputs but the
 * last, the packet itself to the last. N, if given, must equal the number of outputs.
 *
 * @arg N unsigned: number of outputs (default: as many as are connected)
 * @see PaintTee
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Tee : public Element {
  public:
    const char* class_name() const override { return "Tee"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& b) override;
};

}  // namespace clickos
