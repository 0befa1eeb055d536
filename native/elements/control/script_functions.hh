// Script's functions, Click's "read with parameters" handlers of Script: arithmetic (add, sub,
// mul, div, idiv, mod, rem, neg, abs), comparisons (eq, ne, lt, gt, le, ge), logic (not, and,
// or, nand, nor, if, in) and text (sprintf, length, unquote, first, random, now). They take
// text and give text, so they are tested apart from the element.
#pragma once
#include <string>
#include <vector>

namespace clickos::script {

enum class CallResult { Ok, Error, Unknown };

// Evaluates function `name` on `params` (space-separated words; quotes group words).
// Unknown leaves `out` and `error` alone; Error sets `error`.
CallResult call_function(const std::string& name, const std::string& params, std::string& out, std::string& error);

// Names of the functions, in the order they are documented.
const std::vector<std::string>& function_names();

// Shared number and boolean syntax: integers (decimal, 0x hex) or reals; true/false.
std::string format_number(double v);

}  // namespace clickos::script
