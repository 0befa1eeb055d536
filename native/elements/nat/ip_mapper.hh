// The IPMapper interface (Click's): an element a rewriter's INPUTSPEC may name to choose the
// rewritten identifier and outputs of each new flow (RoundRobinIPMapper is one).
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "rewriter_flow.hh"
#include "rewriter_pattern.hh"

namespace clickos::nat {

// What a mapper may ask the rewriter that consults it.
class MappingContext {
  public:
    // Whether a mapping of the rewriter already owns this reply identifier.
    virtual bool taken(const FlowKey& reply) const = 0;
    virtual uint64_t random() = 0;

  protected:
    ~MappingContext() = default;
};

class IPMapper {
  public:
    virtual ~IPMapper() = default;
    // Whether the mapper suits a rewriter with `noutputs` outputs and patterns of `kind`;
    // if not, `why` says why.
    virtual bool accepts(int noutputs, RewritePattern::Kind kind, std::string& why) const = 0;
    // Chooses how the new flow `key` is rewritten and where both directions go. False if
    // no mapping can be made (every port or address taken).
    virtual bool map(const FlowKey& key, MappingContext& context, FlowKey& mapped, int& foutput, int& routput) = 0;
    // As the `patterns` handler shows the input.
    virtual std::string describe() const = 0;
    // Visits the patterns the mapper may use (for checks at configuration time).
    virtual void for_each_pattern(const std::function<void(const RewritePattern&)>& visit) const = 0;
};

}  // namespace clickos::nat
