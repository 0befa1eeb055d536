/**
 * @element ICMPPingRewriter
 * @synopsis ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites ICMP echo requests and replies (ping through NAT)
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * Lets pings pass through a NAT. A ping is identified by (source address, destination
 * address, identifier); the INPUTSPECs are IPRewriter's, with the ICMP identifier in the
 * place of the source port, so `pattern 203.0.113.1 1024-65535 - - 0 1` gives each new ping
 * the outside source address 203.0.113.1 and an identifier from the range that no live
 * mapping uses (the request's own if it is free). For an echo request (SRC, DST, ID)
 * rewritten to (SRC', DST', ID'), the element records that
 *
 * - echo requests (SRC, DST, ID) become (SRC', DST', ID') and leave on FOUTPUT, and
 * - echo replies (DST', SRC', ID') become (DST, SRC, ID) and leave on ROUTPUT.
 *
 * Rewritten packets get their IP checksum and ICMP checksum updated incrementally. Only
 * echo requests make mappings: an echo reply without one is dropped, unless its input's spec
 * is `pass`. The DPORT field of a pattern (also of the patterns of a RoundRobinIPMapper the
 * element names) must be `-`.
 *
 * Packets that are not unfragmented-or-first-fragment IPv4 ICMP echo requests or replies with
 * the whole 8-byte ICMP header (other ICMP types, other protocols, truncated or malformed
 * headers, later fragments) leave on the output of a `pass` input and are dropped on any
 * other input. Mappings go after TIMEOUT idle and are removed every REAP_INTERVAL; a mapping
 * used within its GUARANTEE is never removed to make room when MAPPING_CAPACITY is reached.
 * ICMPRewriter can rewrite the ICMP errors that quote pings this element rewrote.
 *
 * @arg INPUTSPEC spec: what to do with echo requests of unknown pings on each input (see IPRewriter)
 * @arg TIMEOUT time: idle timeout of a mapping (default 5 min)
 * @arg GUARANTEE time: a mapping is kept this long after each packet (default 5 s)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their new destination (default true)
 * @handler table read: the mappings, a line per direction, "(SRC, DST, ID) => (SRC', DST', ID') [*FOUT ROUT]
 *   iINPUT expSECONDS" with the output of that direction starred (also mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: echo requests dropped for want of a free identifier or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see IPRewriter, ICMPRewriter, IPRewriterPatterns, ICMPPingResponder
 */
#pragma once
#include "rewriter_base.hh"

namespace clickos {

class ICMPPingRewriter : public nat::RewriterBase {
  public:
    ICMPPingRewriter() : RewriterBase({.tcp = false, .udp = false, .track_tcp = false}) {}
    const char* class_name() const override { return "ICMPPingRewriter"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& batch) override;
    bool unrewrite(uint8_t proto, uint8_t icmp_type, const nat::FlowKey& quoted, nat::FlowKey& original) const override;

  protected:
    std::string flow_text(const nat::FlowKey& key) const override;
    bool spec_fits(const nat::InputSpec& spec, std::string& why) const override;

  private:
    int process(int port, Packet*& p, int64_t now);
};

}  // namespace clickos
