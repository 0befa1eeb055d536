// Compiles an ordered rule list (first match wins) into a match program, factoring the
// conditions consecutive rules share, so that a long list of similar rules becomes one
// decision tree instead of a sequence of repeated tests:
//
//   tcp dst port 1, tcp dst port 2, ..., tcp dst port 1000
//
// tests "TCP" and "first fragment" once, then the destination port against 1000 values
// (which MatchRunner turns into one table lookup). classification::compile would repeat
// the guard per rule and leave its removal to the optimizer, whose bounded knowledge
// loses the guard's outcome after a few dozen rules.
//
// How: each rule is a conjunction of conditions (the kids of its top "and"). Equal
// conditions are identified across rules (structurally), each rule's conditions are put
// in order of how many rules share them (an "and" may test in any order), and a run of
// consecutive rules whose next condition is the same tests it once: if it fails, the
// whole run is skipped; if it holds, the run continues with its remaining conditions.
#pragma once
#include <vector>

#include "classification/match_compiler.hh"

namespace clickos::ipfilter {

// The program for `rules` (results are the rules' outputs; no_match for no rule), optimized.
classification::Program compile_rules(classification::ExprBuilder& b, const std::vector<classification::Rule>& rules);

}  // namespace clickos::ipfilter
