// Click parser: tokens to nested scopes (ast.hh). Element classes are resolved lexically
// while parsing, as Click does: a name refers to the class visible where it is written.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "ast.hh"
#include "diagnostics.hh"

namespace clickos::lang {

// Finds and reads `require(library FILE)` files. Returns the text, or nullopt if absent.
using LibraryReader = std::function<std::optional<std::string>(
    const std::string& name, const std::string& including_file, std::string& resolved_path)>;

struct ParseOptions {
    LibraryReader read_library;  // null: `require(library ...)` is an error
};

std::unique_ptr<Scope> parse_config(std::string_view source, const std::string& file, Diagnostics& diag,
                                    const ParseOptions& options = {});

}  // namespace clickos::lang
