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

// Returns the text with every reference replaced. An undefined reference is left as written
// and, if `report_undefined`, is an error at its location (the text starts at `start`).
std::string substitute_variables(std::string_view text, const Location& start, const VariableLookup& lookup,
                                 Diagnostics& diag, bool report_undefined = true);

}  // namespace clickos::lang
