// Reporting a problem at the argument it is about, after Args::complete() accepted the syntax.
#pragma once
#include <string>

#include "clickos/args.hh"

namespace clickos::analysis {

// An error at the argument given for `keyword`, by keyword or as positional argument number
// `position` (-1: keyword only); at the element if it cannot be found.
inline int error_at(const Args& args, const char* keyword, int position, const std::string& message) {
    int n = 0;
    for (const auto& a : args.args()) {
        if (a.keyword == keyword || (a.keyword.empty() && n++ == position)) return args.error_at(a, message);
    }
    return args.error(message);
}

}  // namespace clickos::analysis
