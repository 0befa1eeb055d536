#include "notifierqueue.hh"

#include <cstring>

#include "clickos/element_class.hh"

namespace clickos {

void* NotifierQueue::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::full_name) == 0) return Element::cast(name);
    return Queue::cast(name);
}

CLICKOS_ELEMENT(NotifierQueue);

}  // namespace clickos
