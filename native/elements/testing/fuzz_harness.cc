#include "fuzz_harness.hh"

#include "clickos/element_class.hh"
#include "clickos/error.hh"
#include "lang/flatten.hh"

namespace clickos::fuzzing {

CLICKOS_ELEMENT(FuzzInject);

FuzzGraph::FuzzGraph(const char* config, const char* name) : name_(name) {
    lang::Diagnostics diag;
    lang::FlatGraph flat = lang::parse_and_flatten(config, name_ + ".click", diag);
    ConsoleErrorHandler errh;
    if (!diag.has_errors()) router_ = Router::build(flat, &errh);
    if (!router_) {
        std::fprintf(stderr, "%s: configuration does not build\n%s", name, diag.str().c_str());
        std::abort();
    }
}

}  // namespace clickos::fuzzing
