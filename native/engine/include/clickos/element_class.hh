// The registry of element classes. Built-in classes are constant entries that the linker
// gathers into one section from every linked element object (CLICKOS_ELEMENT); element
// packages (shared libraries loaded by require(package NAME)) add theirs when loaded.
#pragma once
#include <deque>
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

// A built-in class as CLICKOS_ELEMENT places it in the section "clickos_element_classes":
// constant data with the names inline, so start-up runs no constructor per class, and finding
// a class reads this one table, never the element's own code or data pages. Size and
// alignment are equal, so the compiler pads nothing between the entries of an object.
struct alignas(64) BuiltinElementClass {
    char name[40];
    char requires_library[16];
    Element* (*make)();  // null in the registry's own placeholder entry
};
static_assert(sizeof(BuiltinElementClass) == 64);

class ElementRegistry {
  public:
    static ElementRegistry& global();
    void add(ElementClass c);  // a package's class; replaces a class of the same name
    const ElementClass* find(const std::string& name) const;
    std::vector<const ElementClass*> all() const;  // sorted by name

  private:
    const ElementClass* find_added(const std::string& name) const;
    // Added classes, and built-in ones once asked for (a deque: pointers stay valid).
    mutable std::deque<ElementClass> classes_;
};

// Registers a class when constructed (a static object in a program's own code); built-in
// elements use CLICKOS_ELEMENT instead.
struct ElementRegistration {
    ElementRegistration(const char* name, Element* (*make)(), const char* library = "") {
        ElementRegistry::global().add({name, make, "", library});
    }
};

}  // namespace clickos

// In an element's .cc: CLICKOS_ELEMENT(Counter); an alias: CLICKOS_ELEMENT_ALIAS(SetECN, SetIPECN);
// a class that needs a library: CLICKOS_ELEMENT_LIBRARY(IPsecAES, "crypto"); a class made by a
// function of its own: CLICKOS_ELEMENT_FACTORY(FromDevice, make_from_device).
#define CLICKOS_ELEMENT_ENTRY_(id, class_name, library, make_function)                                         \
    static_assert(sizeof(class_name) <= sizeof(::clickos::BuiltinElementClass{}.name), "class name too long"); \
    [[gnu::used, gnu::section("clickos_element_classes")]] static const ::clickos::BuiltinElementClass id = {  \
        class_name, library, make_function}
#define CLICKOS_ELEMENT(cls) \
    CLICKOS_ELEMENT_ENTRY_(clickos_element_class_##cls, #cls, "", []() -> ::clickos::Element* { return new cls; })
#define CLICKOS_ELEMENT_LIBRARY(cls, library) \
    CLICKOS_ELEMENT_ENTRY_(clickos_element_class_##cls, #cls, library, []() -> ::clickos::Element* { return new cls; })
#define CLICKOS_ELEMENT_ALIAS(alias, cls)                                   \
    CLICKOS_ELEMENT_ENTRY_(clickos_element_class_alias_##alias, #alias, "", \
                           []() -> ::clickos::Element* { return new cls; })
#define CLICKOS_ELEMENT_FACTORY(cls, make) CLICKOS_ELEMENT_ENTRY_(clickos_element_class_##cls, #cls, "", make)
