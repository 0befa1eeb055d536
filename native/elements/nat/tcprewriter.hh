/**
 * @element TCPRewriter
 * @synopsis TCPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * @category nat
 * @summary rewrites the addresses and ports of TCP connections (NAPT)
 * @ports 1 or more inputs (one per INPUTSPEC) / 1 to 256 outputs, push
 *
 * IPRewriter for TCP only: the INPUTSPECs, mappings, checksum updates, capacity and
 * hot-swap behaviour are IPRewriter's. UDP and other packets cannot be rewritten: they leave
 * on the output of a `pass` input and are dropped on other inputs.
 *
 * A mapping follows its connection's state: it goes after TCP_NODATA_TIMEOUT idle until
 * payload has been seen in both directions, after TCP_TIMEOUT idle once it has, and after
 * TCP_DONE_TIMEOUT idle once FIN has been seen in both directions or RST in either. Idle
 * mappings are removed every REAP_INTERVAL.
 *
 * Sequence numbers are shifted for FTPPortMapper, which changes the length of PORT commands
 * upstream: after FTPPortMapper grows or shrinks a segment starting at sequence number S by
 * D bytes, later segments of that direction (sequence number after S) have their sequence
 * number raised by D (the sum of all such changes), and acknowledgement numbers of the
 * other direction beyond the changed segment are lowered by the same amount, with the TCP
 * checksum updated. Segments up to S keep the earlier shift, so retransmissions stay right,
 * and a change reported again for a segment at or before the last one (a retransmitted PORT
 * command) is not counted twice. SACK blocks are not shifted.
 *
 * @arg INPUTSPEC spec: what to do with packets of new connections on each input (see IPRewriter)
 * @arg TCP_TIMEOUT time: idle timeout of connections with payload both ways (default 24 h; also TIMEOUT)
 * @arg TCP_NODATA_TIMEOUT time: idle timeout of other connections (default 5 min)
 * @arg TCP_DONE_TIMEOUT time: idle timeout of closed connections (default 4 min)
 * @arg TCP_GUARANTEE time: a mapping is kept this long after each packet (default 5 s; also GUARANTEE)
 * @arg REAP_INTERVAL time: how often idle mappings are removed (default 15 min; 0 never)
 * @arg MAPPING_CAPACITY unsigned: the most mappings held (default 2147483647; also CAPACITY)
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten packets to their new destination (default true)
 * @handler table read: the mappings, a line per direction, "(SA, SP, DA, DP) => (SA', SP', DA', DP') [*FOUT ROUT]
 * iINPUT expSECONDS" with the output of that direction starred (also mappings)
 * @handler table_size read: number of mappings (also nmappings, size)
 * @handler mapping_failures read: new connections dropped for want of a free port or of room
 * @handler patterns read: each input's spec, with its number of live mappings in brackets
 * @handler patternN read/write: input N's spec; writing a new spec removes the mappings the input made
 * @handler capacity read/write: "CAPACITY RESERVATION"; writing "CAPACITY [RESERVATION]" removes the mappings beyond it
 * @handler clear write: removes every mapping
 * @see IPRewriter, UDPRewriter, IPRewriterPatterns
 */
#pragma once
#include <unordered_map>

#include "rewriter_base.hh"

namespace clickos {

class TCPRewriter : public nat::RewriterBase {
  public:
    TCPRewriter() : RewriterBase({.tcp = true, .udp = false, .track_tcp = true}) {}
    const char* class_name() const override { return "TCPRewriter"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& batch) override;
    void run_timer(Timer* timer) override;
    void take_state(Element* old, ErrorHandler* errh) override;

    // For FTPPortMapper: the segment with sequence number `trigger` of the connection a
    // packet with identifier `key` belongs to (as it arrives here) changed length by
    // `delta`; later sequence numbers of that direction, and the acknowledgements that
    // answer them, are shifted. False if the connection has no mapping.
    bool shift_sequence(const nat::FlowKey& key, uint32_t trigger, int32_t delta);

  private:
    // One direction's shift: sequence numbers after `trigger` move by `after`, earlier ones
    // by `before`.
    struct Shift {
        nat::FlowKey orig;  // the mapping's forward identifier, to spot a reused record
        uint32_t trigger;
        int32_t before, after;
    };
    void apply_shifts(nat::Flow& f, int dir, uint8_t* tcp);
    void forget_stale_shifts();

    std::unordered_map<uint64_t, Shift> shifts_;  // by record index * 2 + direction
};

}  // namespace clickos
