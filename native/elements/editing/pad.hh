/**
 * @element Pad
 * @synopsis Pad([LENGTH, KEYWORDS])
 * @category basic modification
 * @summary extends packets to a minimum length
 * @ports 1 input / 1 output, agnostic
 *
 * Extends every packet shorter than LENGTH bytes to LENGTH bytes by adding bytes at its
 * end, zeroed unless ZERO is false; longer packets pass unchanged. Pad(60) gives Ethernet
 * frames (without the frame check sequence) their minimum length. In Click, Pad without
 * LENGTH adds the bytes its extra-length annotation records; ClickOS packets carry no such
 * annotation (Truncate keeps none), so that form passes packets unchanged.
 *
 * @arg LENGTH unsigned: the minimum length in bytes (default: none)
 * @arg ZERO boolean: zero the added bytes; false leaves whatever the buffer held (default true)
 * @handler length read/write: LENGTH
 * @handler zero read/write: ZERO
 * @see Truncate, Resize
 */
#pragma once
#include <cstring>

#include "clickos/element.hh"

namespace clickos {

class Pad : public SimpleElement<Pad> {
  public:
    const char* class_name() const override { return "Pad"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        uint32_t len = p->length();
        if (len >= length_) return p;
        if (!(p = p->put(length_ - len))) return nullptr;
        if (zero_) std::memset(p->mutable_data() + len, 0, length_ - len);
        return p;
    }

  private:
    uint32_t length_ = 0;
    bool zero_ = true;
};

}  // namespace clickos
