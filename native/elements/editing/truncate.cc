#include "truncate.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Truncate::configure(Args& args) {
    return args.read_mp("LENGTH", length_).read_p("EXTRA_LENGTH", extra_length_).complete();
}

void Truncate::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        length_ = n;
        return 0;
    });
    add_read_handler("extra_length", [this](Element*) { return std::string(extra_length_ ? "true\n" : "false\n"); });
    add_write_handler("extra_length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("extra_length: " + why);
        extra_length_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(Truncate);

}  // namespace clickos
