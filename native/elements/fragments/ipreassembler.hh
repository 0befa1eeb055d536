/**
 * @element IPReassembler
 * @synopsis IPReassembler([HIMEM, TIMEOUT])
 * @category IP
 * @summary reassembles fragmented IPv4 packets, in bounded memory
 * @ports 1 input / 1 or 2 outputs, agnostic in and on output 0, push on output 1
 *
 * Packets that are not fragments (no more-fragments flag, offset 0) leave on output 0 at
 * once, untouched. Fragments (RFC 791) are held, keyed by source, destination, protocol and
 * identification, until every byte of their datagram has arrived; the whole datagram then
 * leaves on output 0: the first fragment's header (with its options and whatever preceded
 * it in the packet, and its annotations) followed by the data of all fragments, with the
 * total length set, the more-fragments flag and offset cleared and the checksum recomputed.
 *
 * Fragments may arrive in any order and more than once. Bytes received twice must be
 * identical: a fragment that overlaps earlier ones with different bytes (the ambiguity
 * teardrop-style and evasion attacks exploit), one that contradicts the datagram's known
 * end, one past 65535 bytes, or one with the more-fragments flag whose data is not a
 * multiple of 8 bytes makes the whole datagram be dropped (counted in `drops`). Fragments
 * that add nothing new are freed.
 *
 * A datagram still incomplete TIMEOUT after its first fragment arrived is dropped, or, when
 * output 1 exists and its first fragment was received, pushed to output 1 as one packet
 * holding every received fragment at its offset (holes zero-filled, total length up to the
 * last byte received), which is what ICMPError(ADDR, timeexceeded, reassembly) needs.
 *
 * Memory is bounded: the buffers of held fragments (each counted with its full buffer size
 * plus 64 bytes, so floods of tiny fragments are paid for at their real cost) never exceed
 * HIMEM. When a fragment would push them past it, the oldest datagrams are dropped until
 * at most 3/4 HIMEM is held. At most 256 datagrams are in progress at once (the oldest goes
 * first beyond that). Packets whose IPv4 header is unreadable are freed and counted. The
 * header is found at the network header annotation, or at the data start when it is unset.
 *
 * Differences from Click: the memory counted is the buffers held rather than the fragment
 * bytes, TIMEOUT is configurable (Click: 30 seconds), conflicting overlaps drop the
 * datagram, and the `drops`, `datagrams` and `mem_used` handlers are additions.
 *
 * @arg HIMEM unsigned: upper bound of the memory held by fragments, in bytes (default 262144)
 * @arg MAX_MEMORY unsigned: another name for HIMEM
 * @arg TIMEOUT time: how long an incomplete datagram is kept (default 30s)
 * @handler drops read: malformed packets, and datagrams dropped (conflicting, timed out or evicted)
 * @handler datagrams read: datagrams being reassembled
 * @handler mem_used read: bytes of memory held by fragments
 * @see IPFragmenter, ICMPError, CheckIPHeader
 */
#pragma once
#include <array>

#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class IPReassembler : public SimpleElement<IPReassembler> {
  public:
    IPReassembler() : timer_(this) {}
    const char* class_name() const override { return "IPReassembler"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage stage) override;
    void add_handlers() override;
    void run_timer(Timer*) override;

    Packet* action(Packet* p);

  private:
    struct Datagram {
        uint32_t src = 0, dst = 0;  // network order
        uint16_t id = 0;
        uint8_t proto = 0;
        uint32_t end = 0;  // data length once the last fragment came, else 0
        int64_t first_seen_ns = 0;
        Packet* frags = nullptr;  // sorted by offset, linked through next()
        uint32_t mem = 0;
    };
    static constexpr size_t max_datagrams = 256;
    static constexpr uint32_t per_packet_overhead = 64;

    Datagram* find_or_add(uint32_t src, uint32_t dst, uint16_t id, uint8_t proto, int64_t now);
    // Inserts the fragment; returns false if it conflicts with the datagram (caller drops it).
    bool insert(Datagram& d, Packet* p, uint32_t off, uint32_t len, bool more, bool& useless);
    bool complete(const Datagram& d) const;
    // One packet: the first fragment's prefix and header, then the data [0, upto).
    Packet* assemble(const Datagram& d, uint32_t upto);
    void release(Datagram& d);  // frees the fragments and removes the entry
    void evict_oldest();
    void enforce_memory();
    uint32_t cost(const Packet* p) const { return p->buffer_length() + per_packet_overhead; }

    uint32_t himem_ = 256 * 1024;
    int64_t timeout_ns_ = 30'000'000'000;
    uint32_t mem_used_ = 0;
    uint64_t drops_ = 0;
    size_t ndatagrams_ = 0;
    std::array<Datagram, max_datagrams> table_{};  // [0, ndatagrams_) in use
    Timer timer_;
};

}  // namespace clickos
