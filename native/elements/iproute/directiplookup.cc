#include "directiplookup.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(DirectIPLookup);

}  // namespace clickos
