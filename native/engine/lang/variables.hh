// Parameter substitution in configuration strings: $name, ${name}, ${name-default}.
// Nothing is substituted inside single quotes or comments.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.hh"

namespace clickos::lang {

using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Returns the text with every reference replaced; an undefined reference is an error at its
// location (text starts at `start`) and is left as written.
std::string substitute_variables(std::string_view text, const Location& start, const VariableLookup& lookup,
                                 Diagnostics& diag);

}  // namespace clickos::lang
