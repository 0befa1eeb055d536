/**
 * @element IPRewriter
 * @synopsis IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites the addresses and ports of TCP and UDP flows (NAPT)
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * A network address and port translator. A flow is identified by its protocol and its
 * (source address, source port, destination address, destination port). The element keeps a
 * table of mappings; each says that a flow (SA, SP, DA, DP) becomes (SA', SP', DA', DP') and
 * leaves on output FOUTPUT, and that its reply flow (DA', DP', SA', SP') becomes
 * (DA, DP, SA, SP) and leaves on output ROUTPUT. A packet whose flow has a mapping, on any
 * input, is rewritten by it: addresses and ports are replaced and the IP, TCP and UDP
 * checksums updated incrementally (a UDP checksum of 0, "none", stays 0).
 *
 * A packet without a mapping is handled by the INPUTSPEC of the input it arrived on:
 *
 * - `drop` (or `discard`): the packet is dropped.
 * - `pass OUTPUT` (or `nochange`): the packet leaves unchanged on OUTPUT (default 0); no
 *   mapping is made.
 * - `keep FOUTPUT ROUTPUT`: a mapping that changes nothing is made; the packet leaves on
 *   FOUTPUT and its replies on ROUTPUT.
 * - `pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT`: a mapping is made that sets the fields
 *   the pattern gives; a `-` keeps the packet's field. SPORT may be a range `L-H`: the port
 *   chosen is one no mapping's reply uses yet, the packet's own source port if it is free,
 *   otherwise a random one; `L-H#` allocates from L upwards in turn instead, and `L-H?`
 *   picks at random without trying the packet's own port first. When every port of the
 *   range is in use the packet is dropped and counted in `mapping_failures`.
 * - `pattern NAME FOUTPUT ROUTPUT`: the same with a pattern named by IPRewriterPatterns.
 * - `MAPPER`: the name of an IPMapper element (RoundRobinIPMapper), which chooses the
 *   pattern and both outputs of each new flow.
 *
 * A new mapping whose reply identifier belongs to an existing mapping replaces it.
 *
 * Packets that cannot be rewritten leave on the output of a `pass` input and are dropped on
 * any other input: packets without a network header annotation or whose IPv4 header is
 * truncated or malformed, protocols other than TCP and UDP, second and later fragments, and
 * packets too short for a full TCP header (20 bytes) or UDP header (8 bytes).
 *
 * TCP mappings follow the connection: one idle for TCP_NODATA_TIMEOUT goes, unless payload
 * has been seen in both directions (then TCP_TIMEOUT), or FIN was seen in both directions or
 * RST in either (then TCP_DONE_TIMEOUT). UDP mappings go after UDP_TIMEOUT idle, or
 * UDP_STREAMING_TIMEOUT once they carried at least three packets including a reply. Idle
 * mappings are removed every REAP_INTERVAL. A mapping used within its GUARANTEE is never
 * removed to make room: when MAPPING_CAPACITY mappings exist, a new flow replaces the mapping
 * due to expire first, or is dropped if every mapping is guaranteed.
 *
 * On hot-swap, an IPRewriter of the same name takes the old one's mappings (those whose
 * outputs still exist).
 *
 * @arg INPUTSPEC spec: what to do with packets of new flows on each input (see above)
 * @arg TCP_TIMEOUT time: idle timeout of TCP connections with payload both ways (default 24 h; also TIMEOUT)
 * @arg TCP_NODATA_TIMEOUT time: idle timeout of other TCP connections (default 5 min)
 * @arg TCP_DONE_TIMEOUT time: idle timeout of closed TCP connections (default 4 min)
 * @arg TCP_GUARANTEE time: a TCP mapping is kept this long after each packet (default 5 s; also GUARANTEE)
 * @arg UDP_TIMEOUT time: idle timeout of UDP flows (default 5 min)
 * @arg UDP_STREAMING_TIMEOUT time: idle timeout of streaming UDP flows (default UDP_TIMEOUT)
 * @arg UDP_GUARANTEE time: a UDP mapping is kept this long after each packet (default 5 s)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their new destination (default true)
 * @handler tcp_table read: the TCP mappings, a line per direction, "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*FOUT
 * ROUT] iINPUT expSECONDS" with the output of that direction starred (also tcp_mappings)
 * @handler udp_table read: the UDP mappings, in the same form (also udp_mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: new flows dropped for want of a free port or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see TCPRewriter, UDPRewriter, IPRewriterPatterns, RoundRobinIPMapper, ICMPRewriter, ICMPPingRewriter, FTPPortMapper
 */
#pragma once
#include "rewriter_base.hh"

namespace clickos {

class IPRewriter : public nat::RewriterBase {
  public:
    IPRewriter() : RewriterBase({.tcp = true, .udp = true, .track_tcp = true}) {}
    const char* class_name() const override { return "IPRewriter"; }
    int configure(Args& args) override;
    void add_handlers() override;
};

}  // namespace clickos
