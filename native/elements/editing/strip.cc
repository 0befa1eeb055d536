#include "strip.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Strip::configure(Args& args) {
    return args.read_mp("LENGTH", length_).complete();
}

void Strip::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        length_ = n;
        return 0;
    });
}

CLICKOS_ELEMENT(Strip);

}  // namespace clickos
