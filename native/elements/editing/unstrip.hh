/**
 * @element Unstrip
 * @synopsis Unstrip(LENGTH)
 * @category encapsulation
 * @summary puts bytes back in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Extends every packet by LENGTH bytes at the front. Those bytes are the ones just before
 * the packet's data in its buffer, so `Strip(14) -> ... -> Unstrip(14)` restores the
 * Ethernet header that Strip removed. A shared packet is copied first (with its headroom,
 * so the restored bytes are the same); bytes that were never in the buffer read as zero.
 *
 * @arg LENGTH unsigned: how many bytes to put back (at most 65535)
 * @handler length read/write: LENGTH
 * @see Strip, EtherEncap
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Unstrip : public SimpleElement<Unstrip> {
  public:
    const char* class_name() const override { return "Unstrip"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (__builtin_expect(p->shared() || p->headroom() < length_, 0)) return unstrip_copy(p);
        return p->push(length_);
    }

  private:
    Packet* unstrip_copy(Packet* p);
    uint32_t length_ = 0;
};

}  // namespace clickos
