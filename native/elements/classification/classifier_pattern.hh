// Classifier's pattern language, parsed into match expressions (match_expr.hh).
//
// A pattern is a list of clauses separated by spaces, all of which must hold. A clause is
// OFFSET/VALUE[%MASK]: OFFSET in decimal, VALUE and MASK in hex with the same even number of
// digits, '?' for a nibble that is not tested. '!' in front negates a clause. The pattern
// "-" (and an empty pattern) matches every packet.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "match_expr.hh"

namespace clickos::classification {

struct PatternError {
    std::string message;
    size_t position = 0;  // byte offset in the pattern text
};

// Largest offset a clause may name.
constexpr uint32_t max_pattern_offset = 65535;

// Builds the expression for `text`; false with `error` set if it is malformed.
bool parse_classifier_pattern(std::string_view text, ExprBuilder& b, ExprBuilder::Id& out, PatternError& error);

}  // namespace clickos::classification
