/**
 * @element Align
 * @synopsis Align(MODULUS, OFFSET)
 * @category basic modification
 * @summary moves packet data to an aligned address
 * @ports 1 input / 1 output, agnostic
 *
 * Makes the first byte of each packet's data sit OFFSET bytes past a MODULUS-byte boundary,
 * for code that needs aligned headers (`Align(4, 2)` after an Ethernet header leaves the IP
 * header 4-byte aligned). Packets that are already aligned pass untouched. Otherwise the
 * data is moved forward inside its own buffer when the packet is not shared and has the
 * tailroom, or copied into a fresh aligned buffer (with its headroom and annotations).
 *
 * @arg MODULUS unsigned: 2, 4 or 8
 * @arg OFFSET unsigned: the wanted offset from the boundary, taken modulo MODULUS
 * @see Strip, Unstrip
 */
#pragma once
#include <cstdint>

#include "clickos/element.hh"

namespace clickos {

class Align : public SimpleElement<Align> {
  public:
    const char* class_name() const override { return "Align"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        uint32_t back = uint32_t((reinterpret_cast<uintptr_t>(p->data()) - offset_) & mask_);
        if (__builtin_expect(back == 0, 1)) return p;
        return realign(p, back);
    }

  private:
    Packet* realign(Packet* p, uint32_t back);
    uint32_t mask_ = 0;
    uint32_t offset_ = 0;
};

}  // namespace clickos
