/**
 * @element RoundRobinIPMapper
 * @synopsis RoundRobinIPMapper(PATTERN1, ..., PATTERNn)
 * @category nat
 * @summary an IPMapper that hands new flows to its patterns in turn
 * @ports no inputs / no outputs
 *
 * Works with a rewriter whose INPUTSPEC is this element's name: each new flow arriving on
 * that input is rewritten by the next PATTERN in round-robin order, which is useful to
 * spread connections over servers (load balancing). When a pattern cannot make a mapping
 * (every port or address of its range is in use) the following ones are tried; when none
 * can, the rewriter drops the packet and counts a mapping failure.
 *
 * Each PATTERN is `SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT` (a port pattern, for IPRewriter,
 * TCPRewriter, UDPRewriter and ICMPPingRewriter), `SADDR DADDR FOUTPUT ROUTPUT` (an address
 * pattern, for IPAddrRewriter and IPAddrPairRewriter), or `NAME FOUTPUT ROUTPUT` naming a
 * pattern of IPRewriterPatterns, with IPRewriter's syntax. The patterns must all be of one
 * kind. A rewriter that names this element checks that the kind suits it and that FOUTPUT and
 * ROUTPUT are among its outputs; several rewriters may share one mapper (and its turn).
 *
 * @arg PATTERN spec: a pattern with its forward and reply outputs (see above)
 * @see IPRewriter, IPAddrRewriter, IPRewriterPatterns
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "input_spec.hh"
#include "ip_mapper.hh"

namespace clickos {

class RoundRobinIPMapper : public Element, public nat::IPMapper {
  public:
    const char* class_name() const override { return "RoundRobinIPMapper"; }
    // After IPRewriterPatterns (whose names it may use), before the rewriters.
    int configure_phase() const override { return CONFIGURE_PHASE_INFO + 1; }
    int configure(Args& args) override;
    void* cast(const char* name) override;

    bool accepts(int noutputs, nat::RewritePattern::Kind kind, std::string& why) const override;
    bool map(const nat::FlowKey& key, nat::MappingContext& context, nat::FlowKey& mapped, int& foutput,
             int& routput) override;
    std::string describe() const override;
    void for_each_pattern(const std::function<void(const nat::RewritePattern&)>& visit) const override;

  private:
    std::vector<nat::InputSpec> patterns_;
    nat::RewritePattern::Kind kind_ = nat::RewritePattern::Kind::ports;
    size_t next_ = 0;
};

}  // namespace clickos
