// libFuzzer target: any bytes through lexer, parser and flattener. Besides not crashing,
// the flattened text of a configuration without parameters must parse again without
// errors and flatten to itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "lang/flatten.hh"
#include "lang/printer.hh"

using namespace clickos::lang;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return 0;
    std::string text(reinterpret_cast<const char*>(data), size);
    FlattenOptions options;
    options.max_elements = 20000;
    Diagnostics diag;
    FlatGraph g = parse_and_flatten(text, "fuzz.click", diag, {}, options);
    if (diag.has_errors() || text.find_first_of("$#\\") != std::string::npos) return 0;
    std::string once = print_flat(g);
    Diagnostics again;
    FlatGraph g2 = parse_and_flatten(once, "flat.click", again, {}, options);
    if (again.has_errors()) {
        std::fprintf(stderr, "flattened output does not parse:\n%s\n--- errors:\n%s", once.c_str(),
                     again.str().c_str());
        std::abort();
    }
    std::string twice = print_flat(g2);
    if (twice != once) {
        std::fprintf(stderr, "flattening is not stable:\n%s\n--- second time:\n%s", once.c_str(), twice.c_str());
        std::abort();
    }
    return 0;
}
