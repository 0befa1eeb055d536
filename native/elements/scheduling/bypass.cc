#include "bypass.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Bypass::configure(Args& args) {
    return args.read_p("ACTIVE", active_).read("INLINE", inline_).complete();
}

void Bypass::add_handlers() {
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool a;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        return 0;
    });
}

CLICKOS_ELEMENT(Bypass);

}  // namespace clickos
