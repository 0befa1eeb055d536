#include "printer.hh"

#include "config_args.hh"

namespace clickos::lang {

std::string print_flat(const FlatGraph& g) {
    std::string s;
    for (const auto& r : g.requirements) {
        if (r.kind == "library") continue;  // already inlined
        s += "require(" + (r.kind.empty() ? std::string() : r.kind + " ") + quote_if_needed(r.name) + ");\n";
    }
    for (const auto& r : g.provisions)
        s += "provide(" + (r.kind.empty() ? std::string() : r.kind + " ") + quote_if_needed(r.name) + ");\n";
    for (const auto& e : g.elements) {
        s += e.name + " :: " + e.class_name;
        if (!e.config.empty()) s += "(" + e.config + ")";
        s += ";\n";
    }
    if (!g.connections.empty()) s += "\n";
    for (const auto& c : g.connections) {
        s += g.elements[c.from].name;
        if (c.from_port != 0) s += " [" + std::to_string(c.from_port) + "]";
        s += " -> ";
        if (c.to_port != 0) s += "[" + std::to_string(c.to_port) + "] ";
        s += g.elements[c.to].name + ";\n";
    }
    return s;
}

}  // namespace clickos::lang
