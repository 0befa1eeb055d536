#include "null.hh"

#include "clickos/element_class.hh"

namespace clickos {
CLICKOS_ELEMENT(Null);
}
