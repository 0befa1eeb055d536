#include "pad.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
// The largest IP datagram: no link asks for a longer minimum.
constexpr uint32_t max_length = 65535;
}  // namespace

int Pad::configure(Args& args) {
    if (args.read_p("LENGTH", length_).read("ZERO", zero_).complete() < 0) return -1;
    if (length_ > max_length) return args.error("LENGTH must be at most " + std::to_string(max_length));
    return 0;
}

void Pad::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        if (n > max_length) return errh->error("length: must be at most " + std::to_string(max_length));
        length_ = n;
        return 0;
    });
    add_read_handler("zero", [this](Element*) { return std::string(zero_ ? "true\n" : "false\n"); });
    add_write_handler("zero", [this](const std::string& v, Element*, ErrorHandler* errh) {
        bool b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("zero: " + why);
        zero_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(Pad);

}  // namespace clickos
