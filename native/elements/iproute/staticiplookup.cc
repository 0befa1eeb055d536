#include "staticiplookup.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(StaticIPLookup);

}  // namespace clickos
