// The registry of element classes: built-in elements register themselves at start-up,
// element packages (shared libraries loaded by require(package NAME)) when loaded.
#pragma once
#include <string>
#include <vector>

namespace clickos {

class Element;

struct ElementClass {
    std::string name;
    Element* (*make)();
    std::string package;           // "" for built-in classes
    std::string requires_library;  // third-party library the class needs ("pcap", "crypto"), if any
};

class ElementRegistry {
  public:
    static ElementRegistry& global();
    void add(ElementClass c);
    const ElementClass* find(const std::string& name) const;
    std::vector<const ElementClass*> all() const;  // sorted by name

  private:
    std::vector<ElementClass> classes_;
};

struct ElementRegistration {
    ElementRegistration(const char* name, Element* (*make)(), const char* library = "") {
        ElementRegistry::global().add({name, make, "", library});
    }
};

}  // namespace clickos

// In an element's .cc: CLICKOS_ELEMENT(Counter); an alias: CLICKOS_ELEMENT_ALIAS(SetECN, SetIPECN).
#define CLICKOS_ELEMENT(cls)                                               \
    static ::clickos::ElementRegistration clickos_registration_##cls(#cls, \
                                                                     []() -> ::clickos::Element* { return new cls; })
#define CLICKOS_ELEMENT_LIBRARY(cls, library)                         \
    static ::clickos::ElementRegistration clickos_registration_##cls( \
        #cls, []() -> ::clickos::Element* { return new cls; }, library)
#define CLICKOS_ELEMENT_ALIAS(alias, cls)                                     \
    static ::clickos::ElementRegistration clickos_registration_alias_##alias( \
        #alias, []() -> ::clickos::Element* { return new cls; })
