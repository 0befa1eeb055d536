// Where something was written in a configuration: file, 1-based line and column.
#pragma once
#include <string>

namespace clickos::lang {

struct Location {
    std::string file;
    int line = 0;
    int col = 0;

    bool valid() const { return line > 0; }
    std::string str() const;  // "file:line:col"
};

}  // namespace clickos::lang
