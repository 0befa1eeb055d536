#include "ethermirror.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int EtherMirror::configure(Args& args) {
    return args.complete();  // no arguments
}

CLICKOS_ELEMENT(EtherMirror);

}  // namespace clickos
