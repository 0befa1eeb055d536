/**
 * @element IPRewriterPatterns
 * @synopsis IPRewriterPatterns(NAME SADDR SPORT DADDR DPORT | NAME SADDR DADDR, ...)
 * @category nat
 * @summary names rewriting patterns that rewriters share
 * @ports no inputs / no outputs
 *
 * Each argument defines a named pattern, `NAME SADDR SPORT DADDR DPORT`, with the syntax of
 * the pattern INPUTSPEC of IPRewriter. A rewriter input written `pattern NAME FOUTPUT
 * ROUTPUT` uses it. Every input that names the same pattern shares one pattern object, so
 * sequential port allocation (`1024-65535#`) continues where the last user left off; a port
 * is still only checked against the mappings of the rewriter that allocates it. Names must be
 * distinct across all IPRewriterPatterns elements of a configuration.
 *
 * An argument of three words, `NAME SADDR DADDR`, defines an address pattern, for
 * IPAddrRewriter and IPAddrPairRewriter: SADDR may then also be a range `L-H` or a prefix
 * `ADDR/LEN`, with `#` for sequential allocation (see IPAddrRewriter). A rewriter that
 * names a pattern of the other kind is a configuration error.
 *
 * @arg NAME word: the pattern's name, used in `pattern NAME FOUTPUT ROUTPUT`
 * @arg SADDR IP address or '-': source address of rewritten flows
 * @arg SPORT port, range 'L-H', 'L-H#' (sequential), 'L-H?' (random) or '-': source port (port patterns)
 * @arg DADDR IP address or '-': destination address
 * @arg DPORT port or '-': destination port
 * @see IPRewriter, TCPRewriter, UDPRewriter, IPAddrRewriter, IPAddrPairRewriter, ICMPPingRewriter
 */
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "clickos/element.hh"
#include "rewriter_pattern.hh"

namespace clickos {

class IPRewriterPatterns : public Element {
  public:
    const char* class_name() const override { return "IPRewriterPatterns"; }
    // Before the rewriters, which look the names up while they configure.
    int configure_phase() const override { return CONFIGURE_PHASE_INFO; }
    int configure(Args& args) override;

    // The pattern called `name`, or null.
    std::shared_ptr<nat::RewritePattern> find(const std::string& name) const;

  private:
    std::vector<std::pair<std::string, std::shared_ptr<nat::RewritePattern>>> patterns_;
};

}  // namespace clickos
