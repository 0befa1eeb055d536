#include "drivermanager.hh"

#include "clickos/element_class.hh"

namespace clickos {

CLICKOS_ELEMENT(DriverManager);

}  // namespace clickos
