#include "idle.hh"

#include <cstring>

#include "clickos/element_class.hh"

namespace clickos {

int Idle::initialize(ErrorHandler*) {
    never_.set_active(false);
    return 0;
}

void* Idle::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return &never_;
    return Element::cast(name);
}

CLICKOS_ELEMENT(Idle);

}  // namespace clickos
