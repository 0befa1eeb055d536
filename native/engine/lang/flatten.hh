// Flattening: compound elements expanded with Click's naming (`outer/inner`), parameters
// substituted, element groups and `input`/`output` tunnels resolved into direct connections.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "ast.hh"
#include "diagnostics.hh"
#include "flat_graph.hh"
#include "parser.hh"

namespace clickos::lang {

struct FlattenOptions {
    // Command-line definitions (`NAME=value`), which override top-level define()s.
    std::map<std::string, std::string> definitions;
    // Limits that keep a hostile configuration from exhausting memory.
    size_t max_elements = 1'000'000;
    int max_depth = 100;
};

FlatGraph flatten(const Scope& top, Diagnostics& diag, const FlattenOptions& options = {});

// Parse and flatten in one step.
FlatGraph parse_and_flatten(std::string_view source, const std::string& file, Diagnostics& diag,
                            const ParseOptions& parse_options = {}, const FlattenOptions& options = {});

}  // namespace clickos::lang
