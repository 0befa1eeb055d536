#include "pullswitch.hh"

#include <cstring>

#include "clickos/element_class.hh"

namespace clickos {

int PullSwitch::initialize(ErrorHandler*) {
    watch_.initialize(this);
    if (input_ < 0) watch_.sleep();
    return 0;
}

void* PullSwitch::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return watch_.notifier();
    return SimplePullSwitch::cast(name);
}

Packet* PullSwitch::pull(int port) {
    Packet* p = SimplePullSwitch::pull(port);
    if (!p) input_dry();
    return p;
}

PacketBatch PullSwitch::pull_batch(int port, unsigned max) {
    PacketBatch b = SimplePullSwitch::pull_batch(port, max);
    if (b.empty()) input_dry();
    return b;
}

void PullSwitch::switched() {
    // Let the pullers look at the new input; a fruitless pull puts them back to sleep.
    if (input_ >= 0)
        watch_.wake();
    else
        watch_.sleep();
}

CLICKOS_ELEMENT(PullSwitch);

}  // namespace clickos
