#include "clickos/packages.hh"

#include <cstdlib>
#include <map>
#include <string_view>

#include "clickos/element.hh"
#include "clickos/platform.hh"

namespace clickos {

std::vector<std::string> package_search_path(const std::vector<std::string>& path) {
    std::vector<std::string> dirs = path;
    // Split by hand: a std::stringstream would link the whole iostream and locale machinery
    // into every program, with its static constructors and exported symbols.
    if (const char* env = std::getenv("CLICKOS_PACKAGE_PATH")) {
        std::string_view rest = env;
        while (!rest.empty()) {
            size_t colon = rest.find(':');
            std::string_view item = rest.substr(0, colon);
            if (!item.empty()) dirs.emplace_back(item);
            rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
    }
    return dirs;
}

void* load_element_package(const std::string& name, const std::vector<std::string>& path, std::string& error) {
    static std::map<std::string, void*> loaded;
    auto it = loaded.find(name);
    if (it != loaded.end()) return it->second;
    if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
        error = "invalid package name '" + name + "'";
        return nullptr;
    }
    auto dirs = package_search_path(path);
    std::string tried;
    for (const auto& dir : dirs) {
        for (const std::string& file : {dir + "/" + name + ".so", dir + "/lib" + name + ".so"}) {
            std::string out;
            std::string load_error;
            if (!platform::read_file(file, out, load_error)) continue;  // absent
            void* h = platform::load_library(file, load_error);
            if (!h) {
                error = "cannot load " + file + ": " + load_error;
                return nullptr;
            }
            auto fn =
                reinterpret_cast<clickos_element_package_fn>(platform::library_symbol(h, "clickos_element_package"));
            if (!fn) {
                error = file + " is not a ClickOS element package (no clickos_element_package symbol)";
                return nullptr;
            }
            const clickos_element_package_info* info = fn();
            if (!info || info->api_version != CLICKOS_ELEMENT_API_VERSION) {
                error = file + " was built for element API " + std::to_string(info ? info->api_version : -1) +
                        ", but this engine provides element API " + std::to_string(CLICKOS_ELEMENT_API_VERSION) +
                        ": rebuild the package";
                return nullptr;
            }
            info->register_classes(&ElementRegistry::global(), name.c_str());
            loaded[name] = h;
            return h;
        }
        tried += (tried.empty() ? "" : ", ") + dir;
    }
    error = "package not found" +
            (tried.empty() ? std::string(" (no package path: set CLICKOS_PACKAGE_PATH)") : " in " + tried);
    return nullptr;
}

}  // namespace clickos
