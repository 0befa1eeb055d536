#include "align.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "packet_copy.hh"

namespace clickos {

int Align::configure(Args& args) {
    uint32_t modulus = 0, offset = 0;
    if (args.read_mp("MODULUS", modulus).read_mp("OFFSET", offset).complete() < 0) return -1;
    if (modulus != 2 && modulus != 4 && modulus != 8) return args.error("MODULUS must be 2, 4 or 8");
    mask_ = modulus - 1;
    offset_ = offset & mask_;
    return 0;
}

Packet* Align::realign(Packet* p, uint32_t back) {
    // The data is `back` bytes past the wanted alignment: moving it forward by the rest of
    // the modulus reaches the next aligned address without touching the headroom.
    uint32_t forward = mask_ + 1 - back;
    if (!p->shared() && p->tailroom() >= forward) {
        const uint8_t* old = p->data();
        uint32_t len = p->length();
        std::memmove(p->mutable_data() + forward, old, len);
        p->put(forward);
        p->pull(forward);
        shift_headers(p, old, long(forward));
        return p;
    }
    return copy_packet(p, 0, mask_ + 1, offset_);
}

CLICKOS_ELEMENT(Align);

}  // namespace clickos
