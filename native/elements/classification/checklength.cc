#include "checklength.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int CheckLength::configure(Args& args) {
    return args.read_mp("MAX", max_).complete();
}

void CheckLength::add_handlers() {
    add_read_handler("max", [this](Element*) { return std::to_string(max_) + "\n"; });
    add_write_handler("max", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        uint32_t m;
        if (!parse_value(v, m, why)) return errh->error("max: " + why);
        max_ = m;
        return 0;
    });
}

CLICKOS_ELEMENT(CheckLength);

}  // namespace clickos
