#include "clickos/element_class.hh"

#include <algorithm>
#include <cstring>

// The section's bounds, defined by the linker. The placeholder entry below makes sure the
// section exists wherever the registry is linked (hidden: each program or library sees its own).
extern "C" {
extern const clickos::BuiltinElementClass __start_clickos_element_classes[] __attribute__((visibility("hidden")));
extern const clickos::BuiltinElementClass __stop_clickos_element_classes[] __attribute__((visibility("hidden")));
}

namespace clickos {

namespace {

CLICKOS_ELEMENT_ENTRY_(placeholder, "", "", nullptr);

template <typename F>
void for_each_builtin(F f) {
    for (const BuiltinElementClass* b = __start_clickos_element_classes; b != __stop_clickos_element_classes; ++b)
        if (b->make) f(*b);
}

ElementClass materialize(const BuiltinElementClass& b) {
    return {b.name, b.make, "", b.requires_library};
}

}  // namespace

ElementRegistry& ElementRegistry::global() {
    static ElementRegistry registry;
    return registry;
}

void ElementRegistry::add(ElementClass c) {
    for (auto& x : classes_)
        if (x.name == c.name) {
            x = std::move(c);  // a package may replace a class of the same name
            return;
        }
    classes_.push_back(std::move(c));
}

const ElementClass* ElementRegistry::find_added(const std::string& name) const {
    for (const auto& x : classes_)
        if (x.name == name) return &x;
    return nullptr;
}

const ElementClass* ElementRegistry::find(const std::string& name) const {
    if (const ElementClass* c = find_added(name)) return c;
    const ElementClass* found = nullptr;
    for_each_builtin([&](const BuiltinElementClass& b) {
        if (!found && name == b.name) found = &classes_.emplace_back(materialize(b));
    });
    return found;
}

std::vector<const ElementClass*> ElementRegistry::all() const {
    for_each_builtin([&](const BuiltinElementClass& b) {
        if (!find_added(b.name)) classes_.push_back(materialize(b));
    });
    std::vector<const ElementClass*> v;
    for (const auto& x : classes_) v.push_back(&x);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return v;
}

}  // namespace clickos
