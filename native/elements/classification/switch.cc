#include "switch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Switch::configure(Args& args) {
    int32_t output = 0;
    if (args.read_p("OUTPUT", output).complete() < 0) return -1;
    if (output >= noutputs())
        return args.error("OUTPUT is " + std::to_string(output) + " but there " +
                          (noutputs() == 1 ? "is 1 output" : "are " + std::to_string(noutputs()) + " outputs"));
    output_ = output;
    return 0;
}

void Switch::add_handlers() {
    add_read_handler("switch", [this](Element*) { return std::to_string(output_) + "\n"; });
    add_write_handler("switch", [this](const std::string& v, Element*, ErrorHandler* errh) {
        int32_t o;
        std::string why;
        if (!parse_value(v, o, why)) return errh->error("switch: " + why);
        output_ = o < noutputs() ? o : -1;
        return 0;
    });
}

CLICKOS_ELEMENT(Switch);

}  // namespace clickos
