/**
 * @element CheckPaint
 * @synopsis CheckPaint(COLOR [, ANNO])
 * @category paint
 * @summary sends packets of another paint to a second output
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Packets whose paint annotation equals COLOR leave on output 0. The others leave on
 * output 1, or are dropped when output 1 is not connected. ANNO reads another one-byte
 * annotation instead of PAINT.
 *
 * @arg COLOR integer 0-255: the paint that passes
 * @arg ANNO annotation: the annotation byte to compare, by name or offset (default PAINT)
 * @handler color read/write: COLOR
 * @see Paint, PaintTee, PaintSwitch
 */
#pragma once
#include "clickos/element.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class CheckPaint : public ip::ErrorOutputElement<CheckPaint> {
  public:
    const char* class_name() const override { return "CheckPaint"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p) const { return p->anno()[anno_] == color_; }

  private:
    uint8_t color_ = 0;
    size_t anno_ = anno::paint;
};

}  // namespace clickos
