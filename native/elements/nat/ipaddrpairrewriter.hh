/**
 * @element IPAddrPairRewriter
 * @synopsis IPAddrPairRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites the addresses of IP packets per address pair
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * Network address translation per pair of hosts, between Basic NAT (IPAddrRewriter) and
 * NAPT (IPRewriter), for any IP protocol. A mapping made for a packet from SA to DA, whose
 * new addresses are SA' and DA', rewrites
 *
 *     (SA, DA) => (SA', DA')  and sends the packet to FOUTPUT
 *     (DA', SA') => (DA, SA)  replies, to ROUTPUT
 *
 * A packet is looked up by its (source, destination) pair; a mapped packet has both
 * addresses rewritten, its IP checksum updated incrementally, and so is the TCP or UDP
 * checksum of a first fragment that holds the whole TCP or UDP header (a UDP checksum of 0
 * stays 0). Ports are never changed; every fragment is rewritten.
 *
 * A packet without a mapping is handled by its input's INPUTSPEC, as in IPRewriter:
 * `drop`, `pass OUTPUT`, `keep FOUTPUT ROUTPUT`, the name of an IPMapper element
 * (RoundRobinIPMapper), or
 *
 * - `pattern SADDR DADDR FOUTPUT ROUTPUT`: either field may be `-` (unchanged) or an
 *   address; SADDR may also be a range `L-H` or a prefix `ADDR/LEN` from which a source
 *   address is chosen such that no mapping's reply uses the same pair, at random or with `#`
 *   appended in turn from L upwards (see IPAddrRewriter). When none is free the packet is
 *   dropped and counted in `mapping_failures`.
 * - `pattern NAME FOUTPUT ROUTPUT`: an address pattern `NAME SADDR DADDR` of IPRewriterPatterns.
 *
 * Packets without a readable IPv4 header leave on the output of a `pass` input and are
 * dropped on any other input. Mappings go after TIMEOUT idle and are removed every
 * REAP_INTERVAL; a mapping used within its GUARANTEE is never removed to make room when
 * MAPPING_CAPACITY is reached. ICMPRewriter can rewrite the ICMP errors that quote packets
 * this element rewrote.
 *
 * @arg INPUTSPEC spec: what to do with packets of unknown address pairs on each input (see above)
 * @arg TIMEOUT time: idle timeout of a mapping (default 5 min)
 * @arg GUARANTEE time: a mapping is kept this long after each packet (default 5 s)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their new destination (default true)
 * @handler table read: the mappings, a line per direction, "(SA, DA) => (SA', DA') [*FOUT ROUT] iINPUT expSECONDS"
 *   with the output of that direction starred (also mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: new pairs dropped for want of a free address or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see IPAddrRewriter, IPRewriter, IPRewriterPatterns, RoundRobinIPMapper, ICMPRewriter
 */
#pragma once
#include "rewriter_base.hh"

namespace clickos {

class IPAddrPairRewriter : public nat::RewriterBase {
  public:
    static constexpr uint8_t any_protocol = 255;

    IPAddrPairRewriter()
        : RewriterBase({.tcp = false, .udp = false, .track_tcp = false}, nat::RewritePattern::Kind::addresses) {}
    const char* class_name() const override { return "IPAddrPairRewriter"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& batch) override;
    bool unrewrite(uint8_t proto, uint8_t icmp_type, const nat::FlowKey& quoted, nat::FlowKey& original) const override;

  protected:
    std::string flow_text(const nat::FlowKey& key) const override;

  private:
    int process(int port, Packet*& p, int64_t now);
};

}  // namespace clickos
