/**
 * @element Strip
 * @synopsis Strip(LENGTH)
 * @category encapsulation
 * @summary removes bytes from the front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Removes the first LENGTH bytes of every packet, for example `Strip(14)` drops an
 * Ethernet header. The bytes stay in the buffer's headroom, so Unstrip can bring them
 * back. A packet shorter than LENGTH comes out empty.
 *
 * @arg LENGTH unsigned: how many bytes to remove
 * @handler length read/write: LENGTH
 * @see Unstrip, Truncate, EtherEncap
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Strip : public SimpleElement<Strip> {
  public:
    const char* class_name() const override { return "Strip"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p->pull(length_);  // clamps to the packet's length
        return p;
    }

  private:
    uint32_t length_ = 0;
};

}  // namespace clickos
