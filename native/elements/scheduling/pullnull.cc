#include "pullnull.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(PullNull);

}  // namespace clickos
