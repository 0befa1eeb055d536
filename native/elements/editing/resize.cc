#include "resize.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr int32_t max_change = 65535;  // more than any packet holds

bool parse_change(std::string_view s, int32_t& v, std::string& why) {
    int32_t x;
    if (!parse_value(s, x, why)) return false;
    if (x < -max_change || x > max_change) {
        why = "must be between -65535 and 65535";
        return false;
    }
    v = x;
    return true;
}

struct ChangeArg {
    int32_t value = 0;
};
bool parse_value(std::string_view s, ChangeArg& v, std::string& why) {
    return parse_change(s, v.value, why);
}
}  // namespace

int Resize::configure(Args& args) {
    ChangeArg head, tail;
    if (args.read_mp("HEAD", head).read_mp("TAIL", tail).complete() < 0) return -1;
    head_ = head.value;
    tail_ = tail.value;
    return 0;
}

void Resize::add_handlers() {
    add_read_handler("head", [this](Element*) { return std::to_string(head_) + "\n"; });
    add_write_handler("head", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_change(v, head_, why)) return errh->error("head: " + why);
        return 0;
    });
    add_read_handler("tail", [this](Element*) { return std::to_string(tail_) + "\n"; });
    add_write_handler("tail", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_change(v, tail_, why)) return errh->error("tail: " + why);
        return 0;
    });
}

CLICKOS_ELEMENT(Resize);

}  // namespace clickos
