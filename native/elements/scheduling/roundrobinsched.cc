#include "roundrobinsched.hh"

#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int RoundRobinSched::initialize(ErrorHandler*) {
    // No listener: pullers downstream find these same notifiers through this element.
    for (int i = 0; i < ninputs(); ++i) signals_.push_back(router()->upstream_empty_signal(this, i, nullptr));
    return 0;
}

Packet* RoundRobinSched::pull(int) {
    int n = ninputs();
    for (int tried = 0, i = next_; tried < n; ++tried, i = i + 1 < n ? i + 1 : 0) {
        if (!signals_[size_t(i)].active()) continue;
        if (Packet* p = input(i).pull()) {
            next_ = i + 1 < n ? i + 1 : 0;
            return p;
        }
    }
    return nullptr;
}

CLICKOS_ELEMENT(RoundRobinSched);

}  // namespace clickos
