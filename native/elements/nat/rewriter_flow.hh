// A rewriter mapping ("flow"): the original flow identifier, the rewritten one, the outputs of
// both directions and the checksum deltas that turn one into the other, in one cache line.
// Both directions of a mapping live in one record; the hash index refers to (record, direction).
#pragma once
#include <cstdint>
#include <cstring>

namespace clickos::nat {

// A flow identifier as it appears on the wire (all fields in network byte order).
struct FlowKey {
    uint32_t saddr = 0;
    uint32_t daddr = 0;
    uint16_t sport = 0;
    uint16_t dport = 0;

    FlowKey reversed() const { return {daddr, saddr, dport, sport}; }
    friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

// Flow::state bits. TCP flows tracked by a TCP-aware rewriter record FIN/RST and payload per
// direction (their timeout depends on it); other flows count packets to spot streaming.
namespace flow_state {
constexpr uint8_t tcp_tracked = 0x80;
constexpr uint8_t forward_done = 0x01, reply_done = 0x02, both_done = 0x03;
constexpr uint8_t forward_data = 0x04, reply_data = 0x08, both_data = 0x0c;
constexpr uint8_t packet_count = 0x03;  // saturates at 3
constexpr uint8_t reply_seen = 0x04;
constexpr uint8_t streaming = 0x07;  // at least 3 packets and one of them a reply
}  // namespace flow_state

struct alignas(64) Flow {
    FlowKey orig;         // the forward flow as it arrives: (SA, SP, DA, DP)
    FlowKey mapped;       // what it becomes: (SA', SP', DA', DP'); replies arrive as mapped.reversed()
    uint16_t ip_delta;    // one's complement change of the IP header sum, forward direction
    uint16_t l4_delta;    // the same for the TCP/UDP sum (pseudo-header addresses and ports)
    uint16_t output[2];   // [0] forward output, [1] reply output
    uint8_t proto;        // IP protocol; 0 marks a free record
    uint8_t state;        // flow_state bits
    uint16_t input;       // the input whose spec created the mapping
    uint32_t next, prev;  // expiry wheel links (next doubles as the free-list link)
    int64_t last_used;    // steady clock, ns
    uint32_t index;       // this record's slot in the table's slab
    uint32_t spare_;      // pads the record to one cache line

    // The key a packet of direction `dir` carries.
    FlowKey key(int dir) const { return dir ? mapped.reversed() : orig; }
    // What a packet of direction `dir` is rewritten to.
    FlowKey target(int dir) const { return dir ? orig.reversed() : mapped; }
};
static_assert(sizeof(Flow) == 64);

// ---- incremental checksums (RFC 1624), on 16-bit words as they sit in memory ----

inline uint32_t csum_fold(uint32_t s) {
    s = (s & 0xffff) + (s >> 16);
    return (s & 0xffff) + (s >> 16);
}

// Adds the change of one 32-bit field (two 16-bit words) from `from` to `to` to a delta sum.
inline uint32_t csum_delta32(uint32_t sum, uint32_t from, uint32_t to) {
    sum += uint16_t(~from) + uint16_t(~(from >> 16));
    sum += (to & 0xffff) + (to >> 16);
    return csum_fold(sum);
}
inline uint32_t csum_delta16(uint32_t sum, uint16_t from, uint16_t to) {
    return csum_fold(sum + uint16_t(~from) + to);
}

// A checksum field after the covered data changed by `delta`: HC' = ~(~HC + delta).
inline uint16_t csum_apply(uint16_t field, uint16_t delta) {
    return uint16_t(~csum_fold(uint32_t(uint16_t(~field)) + delta));
}

// The deltas of a mapping, from the original and rewritten identifiers.
inline void compute_deltas(Flow& f) {
    uint32_t ip = csum_delta32(0, f.orig.saddr, f.mapped.saddr);
    ip = csum_delta32(ip, f.orig.daddr, f.mapped.daddr);
    uint32_t l4 = csum_delta16(ip, f.orig.sport, f.mapped.sport);
    l4 = csum_delta16(l4, f.orig.dport, f.mapped.dport);
    // A delta of 0xffff is "minus zero": no change, like 0.
    f.ip_delta = ip == 0xffff ? 0 : uint16_t(ip);
    f.l4_delta = l4 == 0xffff ? 0 : uint16_t(l4);
}

// The delta for direction `dir`: replies undo the forward change (one's complement negation).
inline uint16_t delta_for(uint16_t forward_delta, int dir) {
    return dir && forward_delta ? uint16_t(~forward_delta) : forward_delta;
}

}  // namespace clickos::nat
