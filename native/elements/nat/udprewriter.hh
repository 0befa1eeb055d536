/**
 * @element UDPRewriter
 * @synopsis UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites the addresses and ports of UDP (and TCP) flows (NAPT)
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * IPRewriter without TCP connection tracking: the INPUTSPECs, mappings, checksum updates,
 * capacity and hot-swap behaviour are IPRewriter's. It rewrites UDP and, despite its name,
 * TCP too, but every mapping times out like a UDP flow: after TIMEOUT idle, or
 * STREAMING_TIMEOUT idle once the flow carried at least three packets including a reply.
 * Idle mappings are removed every REAP_INTERVAL.
 *
 * @arg INPUTSPEC spec: what to do with packets of new flows on each input (see IPRewriter)
 * @arg TIMEOUT time: idle timeout of flows (default 5 min; also UDP_TIMEOUT)
 * @arg STREAMING_TIMEOUT time: idle timeout of streaming flows (default TIMEOUT; also UDP_STREAMING_TIMEOUT)
 * @arg GUARANTEE time: a mapping is kept this long after each packet (default 5 s; also UDP_GUARANTEE)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their new destination (default true)
 * @handler table read: the mappings, a line per direction, "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*FOUT ROUT]
 * iINPUT expSECONDS" with the output of that direction starred (also mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: new flows dropped for want of a free port or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see IPRewriter, TCPRewriter, IPRewriterPatterns
 */
#pragma once
#include "rewriter_base.hh"

namespace clickos {

class UDPRewriter : public nat::RewriterBase {
  public:
    UDPRewriter() : RewriterBase({.tcp = true, .udp = true, .track_tcp = false}) {}
    const char* class_name() const override { return "UDPRewriter"; }
    int configure(Args& args) override;
    void add_handlers() override;
};

}  // namespace clickos
