/**
 * @element PaintTee
 * @synopsis PaintTee(COLOR [, ANNO])
 * @category paint
 * @summary copies packets of one paint color to a second output
 * @ports 1 input / 2 outputs: output 0 agnostic, output 1 push
 *
 * Passes every packet to output 0; a packet whose paint annotation equals COLOR also goes,
 * as a copy, to output 1 (the copy is pushed first). For example, a router sends a copy of
 * a packet that leaves on the interface it arrived on to ICMPError for a redirect. ANNO
 * reads another one-byte annotation instead of the paint.
 *
 * @arg COLOR integer 0-255: the color to copy
 * @arg ANNO annotation: the annotation byte to read, by name (PAINT) or offset (default PAINT)
 * @handler color read/write: COLOR
 * @see Paint, PaintSwitch, ICMPError
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class PaintTee : public SimpleElement<PaintTee> {
  public:
    const char* class_name() const override { return "PaintTee"; }
    const char* port_count() const override { return "1/2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (p->anno()[anno_] == color_)
            if (Packet* c = p->clone()) output(1).push(c);
        return p;
    }
    void push_batch(int, PacketBatch& batch) override;

  private:
    uint8_t color_ = 0;
    size_t anno_ = anno::paint;
};

}  // namespace clickos
