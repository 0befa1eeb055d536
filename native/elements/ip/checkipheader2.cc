#include "checkipheader2.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(CheckIPHeader2);

}  // namespace clickos
