// A rewriter's INPUTSPEC: what happens to a packet of an unknown flow arriving on one input
// ('drop', 'pass OUTPUT', 'keep FOUTPUT ROUTPUT', 'pattern ... FOUTPUT ROUTPUT').
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rewriter_pattern.hh"

namespace clickos::nat {

struct InputSpec {
    enum class Kind { drop, pass, keep, pattern };
    Kind kind = Kind::drop;
    int foutput = 0;  // pass: the output; keep/pattern: the forward output
    int routput = 0;  // keep/pattern: the reply output
    // pattern: its own, or one shared with an IPRewriterPatterns element (named patterns keep
    // their sequential-allocation state across the rewriters that use them).
    std::shared_ptr<RewritePattern> pattern;
    uint64_t failures = 0;  // new flows dropped: no free port, or the table was full

    // As the `patterns` handler shows it ("<drop>", "<keep>", "1.0.0.1 1024-65535 - -").
    std::string describe() const;
};

// Finds a named pattern (null if there is none).
using PatternLookup = std::function<std::shared_ptr<RewritePattern>(const std::string& name)>;

// Parses one INPUTSPEC for an element with `noutputs` outputs. On failure returns false with
// `why` set ("output port out of range").
bool parse_input_spec(const std::string& text, int noutputs, const PatternLookup& lookup, InputSpec& out,
                      std::string& why);

}  // namespace clickos::nat
