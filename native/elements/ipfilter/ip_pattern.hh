// The IP filter language of IPClassifier and IPFilter (documented in ipclassifier.hh),
// parsed into match expressions (classification/match_expr.hh).
//
// Grammar, loosest binding first:
//   pattern   := "-" | expr
//   expr      := orexpr [ "?" expr ":" expr ]
//   orexpr    := term { ("or" | "||") term }
//   term      := factor { ["and" | "&&"] factor }      (juxtaposition means "and")
//   factor    := ("not" | "!") factor | "(" expr ")" | primitive
//   primitive := [src | dst | src or dst | src and dst] [PROTO | ip | transp] DIRECTIVE
//                [& MASK] [OP] VALUE
// with many parts optional: a value alone ("10.0.0.0/8", "www", "syn", "tcp") names its
// directive, and a bare number ("src port 80 or 81") repeats the previous primitive's.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "classification/match_expr.hh"

namespace clickos::ipfilter {

struct PatternError {
    std::string message;
    size_t position = 0;  // byte offset in the pattern text
};

// How deeply parentheses, "not" and "?:" may nest (bounds recursion on hostile input).
constexpr int max_pattern_depth = 100;

// Builds the expression for `text`; false with `error` set if it is malformed.
bool parse_ip_pattern(std::string_view text, classification::ExprBuilder& b, classification::ExprBuilder::Id& out,
                      PatternError& error);

}  // namespace clickos::ipfilter
