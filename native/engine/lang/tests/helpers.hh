// Shared helpers for the language tests: run the front end on a string.
#pragma once
#include <string>

#include "lang/flatten.hh"
#include "lang/printer.hh"

namespace clickos::lang::test {

struct Result {
    std::string flat;         // printed flattened configuration ("" on errors)
    std::string diagnostics;  // one "file:line:col: message" per line
    bool ok;
};

inline Result run(const std::string& text, const FlattenOptions& options = {}) {
    Diagnostics diag;
    FlatGraph g = parse_and_flatten(text, "t.click", diag, {}, options);
    return {diag.has_errors() ? std::string() : print_flat(g), diag.str(), !diag.has_errors()};
}

inline std::string errors_only(const std::string& text) {
    Diagnostics diag;
    parse_and_flatten(text, "t.click", diag);
    std::string s;
    for (const auto& d : diag.all())
        if (d.severity == Severity::Error) s += d.str() + "\n";
    return s;
}

}  // namespace clickos::lang::test
