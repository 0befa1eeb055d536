#include "mixedqueue.hh"

#include <cstring>

#include "clickos/element_class.hh"

namespace clickos {

void* MixedQueue::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::full_name) == 0) return Element::cast(name);
    return Queue::cast(name);
}

void MixedQueue::push(int port, Packet* p) {
    if (port == 0) {
        Queue::push(0, p);
        return;
    }
    if (ring_.full()) {
        ++drops_;
        ring_.pop_back()->kill();
    }
    ring_.push_front(p);
    after_enqueue();
}

void MixedQueue::push_batch(int port, PacketBatch& b) {
    if (port == 0) {
        Queue::push_batch(0, b);
        return;
    }
    // One by one, in arrival order: the last packet of the batch ends up at the head.
    while (Packet* p = b.pop_front()) push(1, p);
}

CLICKOS_ELEMENT(MixedQueue);

}  // namespace clickos
