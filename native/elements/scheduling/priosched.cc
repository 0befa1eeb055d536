#include "priosched.hh"

#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int PrioSched::initialize(ErrorHandler*) {
    // No listener: pullers downstream find these same notifiers through this element.
    for (int i = 0; i < ninputs(); ++i) signals_.push_back(router()->upstream_empty_signal(this, i, nullptr));
    return 0;
}

Packet* PrioSched::pull(int) {
    for (int i = 0; i < ninputs(); ++i)
        if (signals_[size_t(i)].active())
            if (Packet* p = input(i).pull()) return p;
    return nullptr;
}

CLICKOS_ELEMENT(PrioSched);

}  // namespace clickos
