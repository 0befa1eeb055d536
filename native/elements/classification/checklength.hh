/**
 * @element CheckLength
 * @synopsis CheckLength(MAX)
 * @category classification
 * @summary sends packets longer than a limit to another output
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Compares each packet's length with MAX. Packets of MAX bytes or fewer leave on output 0;
 * longer ones leave on output 1, or are dropped when output 1 is not connected.
 *
 * @arg MAX unsigned integer: the longest length, in bytes, that goes to output 0
 * @handler max read/write: MAX
 * @see Truncate, Paint
 */
#pragma once
#include "clickos/element.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class CheckLength : public ip::ErrorOutputElement<CheckLength> {
  public:
    const char* class_name() const override { return "CheckLength"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p) const { return p->length() <= max_; }

  private:
    uint32_t max_ = 0;
};

}  // namespace clickos
