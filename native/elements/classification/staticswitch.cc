#include "staticswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int StaticSwitch::configure(Args& args) {
    int32_t output = 0;
    if (args.read_mp("OUTPUT", output).complete() < 0) return -1;
    output_ = output < 0 || output >= noutputs() ? -1 : output;
    return 0;
}

CLICKOS_ELEMENT(StaticSwitch);

}  // namespace clickos
