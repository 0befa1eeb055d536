#include "stripipheader.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(StripIPHeader);

}  // namespace clickos
