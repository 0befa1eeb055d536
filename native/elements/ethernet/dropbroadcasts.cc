#include "dropbroadcasts.hh"

#include "clickos/element_class.hh"

namespace clickos {

void DropBroadcasts::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(DropBroadcasts);

}  // namespace clickos
