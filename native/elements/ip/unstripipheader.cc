#include "unstripipheader.hh"

#include "clickos/element_class.hh"
#include "editing/packet_copy.hh"

namespace clickos {

// push() on a shared packet copies only the data, and the stripped header lies before it,
// in the headroom; copy_packet keeps the headroom bytes and the header annotations.
Packet* UnstripIPHeader::restore_copy(Packet* p, uint32_t n) {
    Packet* q = copy_packet(p, 0);
    return q ? q->push(n) : nullptr;
}

CLICKOS_ELEMENT(UnstripIPHeader);

}  // namespace clickos
