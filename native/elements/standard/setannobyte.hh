/**
 * @element SetAnnoByte
 * @synopsis SetAnnoByte(OFFSET, VALUE)
 * @category annotations
 * @summary sets one byte of the user annotations
 * @ports 1 input / 1 output, agnostic
 *
 * Writes VALUE into the user annotation byte at OFFSET of every packet, which then passes
 * on unchanged otherwise. Paint is the same thing for the PAINT byte.
 *
 * @arg OFFSET annotation: the byte to set, by name (PAINT, ...) or offset (below 48)
 * @arg VALUE integer 0-255: the value written
 * @handler offset read: OFFSET, as a byte offset
 * @handler value read: VALUE
 * @see Paint, SetPacketType
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetAnnoByte : public SimpleElement<SetAnnoByte> {
  public:
    const char* class_name() const override { return "SetAnnoByte"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p->anno()[offset_] = value_;
        return p;
    }

  private:
    size_t offset_ = 0;
    uint8_t value_ = 0;
};

}  // namespace clickos
