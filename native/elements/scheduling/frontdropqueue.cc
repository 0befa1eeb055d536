#include "frontdropqueue.hh"

#include <cstring>

#include "clickos/element_class.hh"

namespace clickos {

void* FrontDropQueue::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::full_name) == 0) return Element::cast(name);
    return Queue::cast(name);
}

void FrontDropQueue::push_batch(int, PacketBatch& b) {
    while (Packet* p = b.pop_front()) {
        make_room();
        ring_.push(p);
    }
    after_enqueue();
}

CLICKOS_ELEMENT(FrontDropQueue);

}  // namespace clickos
