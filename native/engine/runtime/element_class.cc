#include "clickos/element_class.hh"

#include <algorithm>

namespace clickos {

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

const ElementClass* ElementRegistry::find(const std::string& name) const {
    for (const auto& x : classes_)
        if (x.name == name) return &x;
    return nullptr;
}

std::vector<const ElementClass*> ElementRegistry::all() const {
    std::vector<const ElementClass*> v;
    for (const auto& x : classes_) v.push_back(&x);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->name < b->name; });
    return v;
}

}  // namespace clickos
