// Element packages: shared libraries with element classes, loaded by require(package NAME).
// A package exports `clickos_element_package`, which returns its description; a package
// built against another version of the element API is refused.
#pragma once
#include <string>
#include <vector>

#include "clickos/element_class.hh"

extern "C" {
struct clickos_element_package_info {
    int api_version;  // CLICKOS_ELEMENT_API_VERSION the package was built with
    const char* name;
    const char* version;
    void (*register_classes)(clickos::ElementRegistry* registry, const char* package_name);
};
// The symbol every package defines.
typedef const clickos_element_package_info* (*clickos_element_package_fn)(void);
}

namespace clickos {

// Where packages are searched: `path`, then $CLICKOS_PACKAGE_PATH (colon-separated).
// Files tried in each directory: NAME.so, libNAME.so.
std::vector<std::string> package_search_path(const std::vector<std::string>& path);
// Loads the package once per process; returns its handle or null with `error` set.
void* load_element_package(const std::string& name, const std::vector<std::string>& path, std::string& error);

}  // namespace clickos

// In a package: CLICKOS_ELEMENT_PACKAGE("name", "1.0.0", register_function)
#define CLICKOS_ELEMENT_PACKAGE(pkg_name, pkg_version, register_fn)                                                \
    extern "C" __attribute__((visibility("default"))) const clickos_element_package_info* clickos_element_package( \
        void) {                                                                                                    \
        static const clickos_element_package_info info = {CLICKOS_ELEMENT_API_VERSION, pkg_name, pkg_version,      \
                                                          register_fn};                                            \
        return &info;                                                                                              \
    }
