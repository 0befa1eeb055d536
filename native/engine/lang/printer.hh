// Prints a flattened configuration back in Click syntax, as click-flatten does.
#pragma once
#include <string>

#include "flat_graph.hh"

namespace clickos::lang {

std::string print_flat(const FlatGraph& g);

}  // namespace clickos::lang
