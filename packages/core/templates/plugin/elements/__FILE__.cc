#include "__FILE__.hh"

#include <string>

#include "clickos/args.hh"
#include "clickos/packages.hh"

namespace __NAME_ID__ {

int __CLASS__::configure(clickos::Args& args) {
    return args.read_mp("ETHERTYPE", ethertype_).complete();
}

void __CLASS__::add_handlers() {
    add_read_handler("passed", [this](clickos::Element*) { return std::to_string(passed_) + "\n"; });
    add_read_handler("dropped", [this](clickos::Element*) { return std::to_string(dropped_) + "\n"; });
    add_read_handler("ethertype", [this](clickos::Element*) { return std::to_string(ethertype_) + "\n"; });
    add_write_handler("ethertype", [this](const std::string& value, clickos::Element*, clickos::ErrorHandler* errh) {
        uint16_t v;
        std::string why;
        if (!clickos::parse_value(value, v, why)) return errh->error("ethertype: " + why);
        ethertype_ = v;
        return 0;
    });
}

// A new configuration that keeps this element (same name and class) keeps its counts.
void __CLASS__::take_state(clickos::Element* old, clickos::ErrorHandler*) {
    auto* o = static_cast<__CLASS__*>(old);
    passed_ = o->passed_;
    dropped_ = o->dropped_;
}

namespace {
void register_classes(clickos::ElementRegistry* registry, const char* package) {
    registry->add({"__CLASS__", []() -> clickos::Element* { return new __CLASS__; }, package, ""});
}
}  // namespace

}  // namespace __NAME_ID__

#ifndef CLICKOS_PACKAGE_VERSION
#define CLICKOS_PACKAGE_VERSION "0.0.0"
#endif
CLICKOS_ELEMENT_PACKAGE(CLICKOS_PACKAGE_NAME, CLICKOS_PACKAGE_VERSION, __NAME_ID__::register_classes)
