#include "error.hh"

#include "clickos/element_class.hh"

namespace clickos {

int Error::initialize(ErrorHandler* errh) {
    return errh->error("Error element: the configuration is not meant to run");
}

CLICKOS_ELEMENT(Error);

}  // namespace clickos
