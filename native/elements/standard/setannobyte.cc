#include "setannobyte.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int SetAnnoByte::configure(Args& args) {
    AnnoOffset offset;
    if (args.read_mp("OFFSET", offset).read_mp("VALUE", value_).complete() < 0) return -1;
    offset_ = offset.offset;
    return 0;
}

void SetAnnoByte::add_handlers() {
    add_read_handler("offset", [this](Element*) { return std::to_string(offset_) + "\n"; });
    add_read_handler("value", [this](Element*) { return std::to_string(value_) + "\n"; });
}

CLICKOS_ELEMENT(SetAnnoByte);

}  // namespace clickos
