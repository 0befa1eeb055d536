/**
 * @element Resize
 * @synopsis Resize(HEAD, TAIL)
 * @category basic modification
 * @summary adds or removes bytes at both ends of packets
 * @ports 1 input / 1 output, agnostic
 *
 * Adds HEAD bytes in front of each packet and TAIL bytes at its end; a negative number
 * removes that many bytes instead (never more than the packet has). Added bytes are not
 * initialized, and the packet is only copied when the room around its data is too small
 * (or its data is shared).
 *
 * @arg HEAD integer: bytes to add in front (negative: to remove)
 * @arg TAIL integer: bytes to add at the end (negative: to remove)
 * @handler head read/write: HEAD
 * @handler tail read/write: TAIL
 * @see Strip, Unstrip, Truncate, Pad
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Resize : public SimpleElement<Resize> {
  public:
    const char* class_name() const override { return "Resize"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (head_ > 0) {
            if (!(p = p->push(uint32_t(head_)))) return nullptr;
        } else if (head_ < 0) {
            p->pull(uint32_t(-int64_t(head_)));
        }
        if (tail_ > 0) {
            if (!(p = p->put(uint32_t(tail_)))) return nullptr;
        } else if (tail_ < 0) {
            p->take(uint32_t(-int64_t(tail_)));
        }
        return p;
    }

  private:
    int32_t head_ = 0;
    int32_t tail_ = 0;
};

}  // namespace clickos
