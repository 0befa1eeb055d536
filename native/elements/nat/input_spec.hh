// A rewriter's INPUTSPEC: what happens to a packet of an unknown flow arriving on one input
// ('drop', 'pass OUTPUT', 'keep FOUTPUT ROUTPUT', 'pattern ... FOUTPUT ROUTPUT', 'MAPPER').
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ip_mapper.hh"
#include "rewriter_pattern.hh"

namespace clickos::nat {

struct InputSpec {
    enum class Kind { drop, pass, keep, pattern, mapper };
    Kind kind = Kind::drop;
    int foutput = 0;  // pass: the output; keep/pattern: the forward output
    int routput = 0;  // keep/pattern: the reply output
    // pattern: its own, or one shared with an IPRewriterPatterns element (named patterns keep
    // their sequential-allocation state across the rewriters that use them).
    std::shared_ptr<RewritePattern> pattern;
    IPMapper* mapper = nullptr;  // mapper: the element that chooses (outputs come from it)
    uint64_t failures = 0;       // new flows dropped: no free port, or the table was full

    // As the `patterns` handler shows it ("<drop>", "<keep>", "1.0.0.1 1024-65535 - -").
    std::string describe() const;
};

// Finds a named pattern (null if there is none).
using PatternLookup = std::function<std::shared_ptr<RewritePattern>(const std::string& name)>;
// Finds an element implementing IPMapper by name (null if there is none).
using MapperLookup = std::function<IPMapper*(const std::string& name)>;

// What a spec is parsed against: the rewriter's outputs, the kind of pattern it takes
// (port patterns for IPRewriter and friends, address patterns for IPAddrRewriter), and
// the named patterns and mappers of the configuration.
struct SpecContext {
    int noutputs = 1;
    RewritePattern::Kind kind = RewritePattern::Kind::ports;
    PatternLookup patterns;
    MapperLookup mappers;
};

// Parses one INPUTSPEC. On failure returns false with `why` set ("output port out of range").
bool parse_input_spec(const std::string& text, const SpecContext& context, InputSpec& out, std::string& why);

// Parses 'SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT', 'SADDR DADDR FOUTPUT ROUTPUT' (address
// patterns) or 'NAME FOUTPUT ROUTPUT' into a pattern spec; outputs are checked against
// context.noutputs unless it is negative.
bool parse_pattern_spec(const std::vector<std::string>& words, const SpecContext& context, InputSpec& out,
                        std::string& why);

}  // namespace clickos::nat
