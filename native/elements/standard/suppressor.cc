#include "suppressor.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Suppressor::initialize(ErrorHandler*) {
    suppressed_.assign(size_t(ninputs()), 0);
    return 0;
}

void Suppressor::add_handlers() {
    // Handlers are added before initialize(): size the flags here too.
    suppressed_.assign(size_t(ninputs()), 0);
    for (int i = 0; i < ninputs(); ++i) {
        std::string name = "active" + std::to_string(i);
        add_read_handler(name,
                         [this, i](Element*) { return std::string(suppressed_[size_t(i)] ? "false\n" : "true\n"); });
        add_write_handler(name, [this, i, name](const std::string& v, Element*, ErrorHandler* errh) {
            bool active;
            std::string why;
            if (!parse_value(v, active, why)) return errh->error(name + ": " + why);
            suppressed_[size_t(i)] = !active;
            return 0;
        });
    }
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            suppressed_.assign(suppressed_.size(), 0);
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(Suppressor);

}  // namespace clickos
