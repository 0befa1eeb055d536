#include "pushnull.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(PushNull);

}  // namespace clickos
