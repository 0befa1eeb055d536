/**
 * @element Paint
 * @synopsis Paint(COLOR [, ANNO])
 * @category paint
 * @summary sets the paint annotation of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Sets each packet's paint annotation to COLOR, so that later elements (PaintSwitch,
 * PaintTee, CheckPaint) can tell where the packet came from. ANNO picks another one-byte
 * annotation to write instead.
 *
 * @arg COLOR integer 0-255: the color
 * @arg ANNO annotation: the annotation byte to set, by name (PAINT) or offset (default PAINT)
 * @handler color read/write: COLOR
 * @see PaintTee, PaintSwitch, CheckPaint
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Paint : public SimpleElement<Paint> {
  public:
    const char* class_name() const override { return "Paint"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p->anno()[anno_] = color_;
        return p;
    }

  private:
    uint8_t color_ = 0;
    size_t anno_ = anno::paint;
};

}  // namespace clickos
