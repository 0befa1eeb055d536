// The mapping table of a rewriter: records in a chunked slab, an open-addressing hash index
// over both directions of every mapping, and a timing wheel that expires idle mappings.
//
// The packet path costs one hash probe sequence and a store of the last-use time: packets
// never move a mapping in the wheel. A mapping sits in the wheel bucket of the expiry it had
// when it was filed; when the reaper reaches that bucket it either removes the mapping (idle
// long enough) or files it again at its real expiry, so each mapping is handled a bounded
// number of times per timeout, whatever the packet rate.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "rewriter_flow.hh"

namespace clickos::nat {

// Per-kind timeouts in nanoseconds. TCP flows tracked for state use the tcp_* values, all
// other flows (UDP, and TCP in a rewriter that does not track it) the udp_* values.
struct FlowTimeouts {
    int64_t tcp_nodata = 300'000'000'000;  // until both directions carried payload
    int64_t tcp_data = 86400'000'000'000;
    int64_t tcp_done = 240'000'000'000;  // after FIN both ways, or RST
    int64_t tcp_guarantee = 5'000'000'000;
    int64_t udp = 300'000'000'000;
    int64_t udp_streaming = 300'000'000'000;
    int64_t udp_guarantee = 5'000'000'000;

    int64_t timeout(uint8_t state) const {
        using namespace flow_state;
        if (state & tcp_tracked) {
            if ((state & both_done) == both_done) return tcp_done;
            return (state & both_data) == both_data ? tcp_data : tcp_nodata;
        }
        return (state & streaming) == streaming ? udp_streaming : udp;
    }
    int64_t guarantee(uint8_t state) const { return state & flow_state::tcp_tracked ? tcp_guarantee : udp_guarantee; }
    int64_t shortest() const;  // the smallest non-zero timeout, or 1 s if all are zero
};

class FlowTable {
  public:
    static constexpr uint32_t max_capacity = 0x7fffffff;

    struct Hit {
        Flow* flow = nullptr;
        int dir = 0;  // 0: forward entry, 1: reply entry
    };

    FlowTable();
    ~FlowTable();
    FlowTable(const FlowTable&) = delete;
    FlowTable& operator=(const FlowTable&) = delete;

    // Sets the timeouts, capacity and number of inputs; re-files every mapping (so it also
    // serves after adopt()). `now` is the steady clock in ns.
    void configure(const FlowTimeouts& timeouts, uint32_t capacity, int ninputs, int64_t now);
    const FlowTimeouts& timeouts() const { return timeouts_; }

    // Finds the mapping entry a packet with this protocol and key belongs to.
    Hit lookup(uint8_t proto, const FlowKey& key) const {
        uint32_t h = hash(proto, key);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            uint64_t s = slots_[i];
            if (s == 0) return {};
            if (uint32_t(s >> 32) == h) {
                uint32_t ref = uint32_t(s) - 1;
                Flow& f = flow(ref >> 1);
                if (f.proto == proto && f.key(int(ref & 1)) == key) return {&f, int(ref & 1)};
            }
        }
    }
    bool contains(uint8_t proto, const FlowKey& key) const { return lookup(proto, key).flow != nullptr; }

    // Adds a mapping orig => mapped. A mapping whose reply key is the new reply key is removed
    // first (its replies now belong to the new one). When the table is full, the mapping that
    // expires first and is past its guarantee makes room; null if there is none.
    Flow* insert(uint8_t proto, const FlowKey& orig, const FlowKey& mapped, uint16_t foutput, uint16_t routput,
                 uint16_t input, uint8_t state, int64_t now);
    void erase(Flow* f);
    // After a packet changed f's state from `old_state`: files f earlier if its timeout shrank.
    void state_changed(Flow* f, uint8_t old_state) {
        if (timeouts_.timeout(f->state) < timeouts_.timeout(old_state)) refile(f);
    }

    // Removes the mappings idle for their timeout as of `now`, up to the current wheel tick.
    void reap(int64_t now);
    // Removes everything (keeps the memory for reuse).
    void clear();
    // Removes the mappings created through one input.
    void erase_input(int input);
    // Sets the capacity, removing mappings (first to expire first) beyond it.
    void set_capacity(uint32_t capacity, int64_t now);
    // Takes every mapping of `other` (which ends up empty), under this table's settings.
    void adopt(FlowTable& other, int64_t now);
    // Keeps only the mappings for which keep(flow) is true.
    template <typename Keep>
    void retain(Keep&& keep) {
        for (uint32_t i = 0; i < used_; ++i) {
            Flow& f = flow(i);
            if (f.proto && !keep(f)) erase(&f);
        }
    }

    uint32_t size() const { return size_; }
    uint32_t capacity() const { return capacity_; }
    uint32_t input_count(int input) const {
        return size_t(input) < input_counts_.size() ? input_counts_[size_t(input)] : 0;
    }
    int64_t expiry(const Flow& f) const { return f.last_used + timeouts_.timeout(f.state); }
    // Bytes held: records, hash index and wheel.
    size_t memory_bytes() const;

    // Visits live mappings in record order.
    template <typename F>
    void for_each(F&& f) const {
        for (uint32_t i = 0; i < used_; ++i)
            if (flow(i).proto) f(flow(i));
    }

  private:
    static constexpr uint32_t chunk_shift = 12;  // 4096 records (256 KiB) per chunk
    static constexpr uint32_t chunk_mask = (1u << chunk_shift) - 1;
    static constexpr uint32_t nil = 0xffffffff;
    static constexpr uint32_t sentinel_bit = 0x80000000;  // wheel links: bucket heads
    static constexpr uint32_t wheel_buckets = 4096;

    struct Link {
        uint32_t next, prev;
    };

    Flow& flow(uint32_t i) const { return chunks_[i >> chunk_shift][i & chunk_mask]; }
    uint32_t hash(uint8_t proto, const FlowKey& k) const {
        uint64_t a = ((uint64_t(k.saddr) << 32) | k.daddr) ^ seed_;
        uint64_t b = (uint64_t(k.sport) << 48) | (uint64_t(k.dport) << 32) | (uint64_t(proto) << 8);
        uint64_t x = (a ^ (b * 0x9e3779b97f4a7c15ull)) * 0xbf58476d1ce4e5b9ull;
        x ^= x >> 31;
        x *= 0x94d049bb133111ebull;
        x ^= x >> 29;
        return uint32_t(x);
    }

    // Hash index.
    void index_insert(uint32_t h, uint32_t ref);
    void index_erase(uint32_t h, uint32_t ref);
    void grow_index();

    // Wheel.
    uint32_t& next_of(uint32_t n) { return n & sentinel_bit ? heads_[n & ~sentinel_bit].next : flow(n).next; }
    uint32_t& prev_of(uint32_t n) { return n & sentinel_bit ? heads_[n & ~sentinel_bit].prev : flow(n).prev; }
    void link_tail(uint32_t head, uint32_t n);
    void unlink(uint32_t n);
    void splice_tail(uint32_t to_head, uint32_t from_head);
    void file(uint32_t i);
    void refile(Flow* f);
    void reset_wheel(int64_t now);
    // Files every mapping afresh (after settings changed or mappings arrived) and trims the
    // table to its capacity.
    void rebuild(int64_t now);
    int64_t tick_of(int64_t t) const { return t / tick_ns_; }
    // Removes up to `want` mappings, those due first first; skips guaranteed ones when
    // `guarded`. Returns how many went.
    uint32_t evict(uint32_t want, int64_t now, bool guarded);
    // Drops record i from the index and returns it to the free list (it must be unlinked).
    void release(uint32_t i);

    std::vector<std::unique_ptr<Flow[]>> chunks_;
    uint32_t used_ = 0;  // records handed out so far (live or on the free list)
    uint32_t free_head_ = nil;
    uint32_t size_ = 0;
    std::vector<uint64_t> slots_;  // (hash << 32) | (record * 2 + direction + 1); 0 = empty
    size_t mask_ = 0;
    size_t entries_ = 0;
    uint64_t seed_ = 0;

    std::vector<Link> heads_;  // wheel_buckets buckets, then one scratch list
    int64_t tick_ns_ = 1'000'000'000;
    int64_t cursor_tick_ = 0;  // buckets before this tick have been reaped
    int64_t no_evict_until_ = 0;

    FlowTimeouts timeouts_;
    uint32_t capacity_ = max_capacity;
    std::vector<uint32_t> input_counts_;
};

}  // namespace clickos::nat
