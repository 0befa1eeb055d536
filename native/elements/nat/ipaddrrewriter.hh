/**
 * @element IPAddrRewriter
 * @synopsis IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites the source addresses of IP packets (Basic NAT)
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * Basic NAT: each inside host gets an outside address of its own while it talks, for any
 * IP protocol. A mapping says that packets from address SA leave with source address SA'
 * on FOUTPUT, and that packets to SA' come back with destination address SA on ROUTPUT.
 * A packet is looked up first by its source address (forward direction), then by its
 * destination address (reply direction); a mapped packet is rewritten and its IP checksum
 * updated incrementally, and so is the TCP or UDP checksum of a first fragment that holds the
 * whole TCP or UDP header (a UDP checksum of 0 stays 0). Ports are never changed. Every
 * fragment is rewritten, since only addresses change.
 *
 * A packet without a mapping is handled by its input's INPUTSPEC, as in IPRewriter:
 * `drop`, `pass OUTPUT`, `keep FOUTPUT ROUTPUT`, the name of an IPMapper element
 * (RoundRobinIPMapper), or
 *
 * - `pattern SADDR - FOUTPUT ROUTPUT`: the new source address is SADDR, which may be `-`
 *   (unchanged), an address, a range `L-H` or a prefix `ADDR/LEN` (all its addresses but the
 *   network and broadcast ones when LEN < 31). From a range, an address no mapping uses yet is
 *   chosen at random, or in turn from L upwards with `#` appended (`10.0.0.1-10.0.0.9#`).
 *   When every address is in use the packet is dropped and counted in `mapping_failures`.
 *   The destination must be `-`: IPAddrPairRewriter rewrites destinations.
 * - `pattern NAME FOUTPUT ROUTPUT`: an address pattern `NAME SADDR DADDR` of IPRewriterPatterns.
 *
 * Packets without a readable IPv4 header (no network header annotation, truncated, not
 * version 4) leave on the output of a `pass` input and are dropped on any other input.
 * Mappings go after TIMEOUT idle and are removed every REAP_INTERVAL; a mapping used within
 * its GUARANTEE is never removed to make room for a new one when MAPPING_CAPACITY is reached.
 * ICMPRewriter can rewrite the ICMP errors that quote packets this element rewrote.
 *
 * Differences from Click: none known beyond IPRewriter's (MAPPING_CAPACITY cannot name
 * another element).
 *
 * @arg INPUTSPEC spec: what to do with packets of unknown hosts on each input (see above)
 * @arg TIMEOUT time: idle timeout of a mapping (default 5 min)
 * @arg GUARANTEE time: a mapping is kept this long after each packet (default 5 s)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their destination (default true)
 * @handler table read: the mappings, a line per direction: "(SA, -) => (SA', -) [*FOUT ROUT] iINPUT expSECONDS"
 *   forward and "(-, SA') => (-, SA) [FOUT *ROUT] ..." reply (also mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: new hosts dropped for want of a free address or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see IPAddrPairRewriter, IPRewriter, IPRewriterPatterns, RoundRobinIPMapper, ICMPRewriter
 */
#pragma once
#include "rewriter_base.hh"

namespace clickos {

class IPAddrRewriter : public nat::RewriterBase {
  public:
    // Mappings of every IP protocol share one table under this protocol number.
    static constexpr uint8_t any_protocol = 255;

    IPAddrRewriter()
        : RewriterBase({.tcp = false, .udp = false, .track_tcp = false}, nat::RewritePattern::Kind::addresses) {}
    const char* class_name() const override { return "IPAddrRewriter"; }
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
