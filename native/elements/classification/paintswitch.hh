/**
 * @element PaintSwitch
 * @synopsis PaintSwitch([ANNO])
 * @category paint
 * @summary sends each packet to the output its paint annotation names
 * @ports 1 input / any number of outputs (at most 255), push
 *
 * Sends each packet to output K, where K is its paint annotation. Paint 255 sends a copy to
 * every output. A packet whose paint names no output is dropped. ANNO reads another
 * one-byte annotation instead of the paint.
 *
 * @arg ANNO annotation: the annotation byte to read, by name (PAINT) or offset (default PAINT)
 * @see Paint, PaintTee, Switch, StaticSwitch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class PaintSwitch : public Element {
  public:
    const char* class_name() const override { return "PaintSwitch"; }
    const char* port_count() const override { return "1/-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& batch) override;

  private:
    size_t anno_ = anno::paint;
};

}  // namespace clickos
