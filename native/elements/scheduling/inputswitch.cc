#include "inputswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "scheduling/simplepullswitch.hh"

namespace clickos {

int InputSwitch::configure(Args& args) {
    return read_switch_input(args, this, input_);
}

void InputSwitch::add_handlers() {
    add_read_handler("switch", [this](Element*) { return std::to_string(input_) + "\n"; });
    add_write_handler("switch", [this](const std::string& v, Element*, ErrorHandler* errh) {
        return write_switch_input(v, this, errh, input_);
    });
}

CLICKOS_ELEMENT(InputSwitch);

}  // namespace clickos
