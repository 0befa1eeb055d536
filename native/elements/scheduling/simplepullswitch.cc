#include "simplepullswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int read_switch_input(Args& args, Element* e, int32_t& input) {
    int32_t k = 0;
    if (args.read_p("INPUT", k).complete() < 0) return -1;
    if (k >= e->ninputs()) {
        if (!args.given("INPUT") && e->ninputs() == 0) {
            input = -1;  // nothing to select
            return 0;
        }
        return args.error("INPUT is " + std::to_string(k) + " but there " +
                          (e->ninputs() == 1 ? "is 1 input" : "are " + std::to_string(e->ninputs()) + " inputs"));
    }
    input = k < 0 ? -1 : k;
    return 0;
}

int write_switch_input(const std::string& value, Element* e, ErrorHandler* errh, int32_t& input) {
    int32_t k;
    std::string why;
    if (!parse_value(value, k, why)) return errh->error("switch: " + why);
    input = k >= 0 && k < e->ninputs() ? k : -1;
    return 0;
}

int SimplePullSwitch::configure(Args& args) {
    return read_switch_input(args, this, input_);
}

void SimplePullSwitch::add_handlers() {
    add_read_handler("switch", [this](Element*) { return std::to_string(input_) + "\n"; });
    add_write_handler("switch", [this](const std::string& v, Element*, ErrorHandler* errh) {
        if (write_switch_input(v, this, errh, input_) < 0) return -1;
        switched();
        return 0;
    });
}

CLICKOS_ELEMENT(SimplePullSwitch);

}  // namespace clickos
