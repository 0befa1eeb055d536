// A minimal element package, as a vendor would build it: one element class, registered
// when the package is loaded by require(package hello_package).
#include "clickos/element.hh"
#include "clickos/packages.hh"

namespace {

class HelloMark : public clickos::SimpleElement<HelloMark> {
  public:
    const char* class_name() const override { return "HelloMark"; }
    clickos::Packet* action(clickos::Packet* p) {
        p->set_paint_anno(42);
        return p;
    }
};

void register_classes(clickos::ElementRegistry* registry, const char* package) {
    registry->add({"HelloMark", []() -> clickos::Element* { return new HelloMark; }, package, ""});
}

}  // namespace

#ifndef PACKAGE_API_VERSION
#define PACKAGE_API_VERSION CLICKOS_ELEMENT_API_VERSION
#endif

extern "C" __attribute__((visibility("default"))) const clickos_element_package_info* clickos_element_package(void) {
    static const clickos_element_package_info info = {PACKAGE_API_VERSION, PACKAGE_NAME, "1.0.0", register_classes};
    return &info;
}
