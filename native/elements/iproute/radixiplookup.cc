#include "radixiplookup.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(RadixIPLookup);

}  // namespace clickos
