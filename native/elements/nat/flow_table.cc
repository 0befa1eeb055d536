#include "flow_table.hh"

#include <algorithm>
#include <limits>

#include "clickos/timestamp.hh"

namespace clickos::nat {

namespace {
constexpr int64_t max_timeout = int64_t(1) << 60;  // keeps last_used + timeout far from overflow
constexpr size_t initial_slots = 1024;

uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
}  // namespace

int64_t FlowTimeouts::shortest() const {
    int64_t m = 0;
    for (int64_t t : {tcp_nodata, tcp_data, tcp_done, udp, udp_streaming})
        if (t > 0 && (m == 0 || t < m)) m = t;
    return m ? m : 1'000'000'000;
}

FlowTable::FlowTable() {
    slots_.assign(initial_slots, 0);
    mask_ = initial_slots - 1;
    // The seed keeps an outsider from predicting which keys collide.
    seed_ = mix64(uint64_t(Timestamp::now_steady().ns) ^ uint64_t(reinterpret_cast<uintptr_t>(this)));
    heads_.resize(wheel_buckets + 1);
    reset_wheel(0);
    input_counts_.assign(1, 0);
}

FlowTable::~FlowTable() = default;

void FlowTable::configure(const FlowTimeouts& timeouts, uint32_t capacity, int ninputs, int64_t now) {
    timeouts_ = timeouts;
    for (int64_t* t : {&timeouts_.tcp_nodata, &timeouts_.tcp_data, &timeouts_.tcp_done, &timeouts_.tcp_guarantee,
                       &timeouts_.udp, &timeouts_.udp_streaming, &timeouts_.udp_guarantee})
        *t = std::clamp<int64_t>(*t, 0, max_timeout);
    // Eight ticks per shortest timeout: the wheel delays a removal by at most an eighth of the
    // shortest timeout beyond when the reaper runs.
    tick_ns_ = std::clamp<int64_t>(timeouts_.shortest() / 8, 1'000'000, 10'000'000'000);
    capacity_ = std::clamp<uint32_t>(capacity, 1, max_capacity);
    no_evict_until_ = 0;
    input_counts_.assign(size_t(std::max(ninputs, 1)), 0);
    rebuild(now);
}

void FlowTable::rebuild(int64_t now) {
    reset_wheel(now);
    std::fill(input_counts_.begin(), input_counts_.end(), 0);
    for (uint32_t i = 0; i < used_; ++i) {
        Flow& f = flow(i);
        if (!f.proto) continue;
        if (f.input >= input_counts_.size()) f.input = 0;
        ++input_counts_[f.input];
        file(i);
    }
    if (size_ > capacity_) evict(size_ - capacity_, now, false);
}

Flow* FlowTable::insert(uint8_t proto, const FlowKey& orig, const FlowKey& mapped, uint16_t foutput, uint16_t routput,
                        uint16_t input, uint8_t state, int64_t now) {
    FlowKey reply = mapped.reversed();
    bool symmetric = reply == orig;  // `keep` of a flow to itself: one entry serves both ways
    if (!symmetric)
        if (Hit old = lookup(proto, reply); old.flow) erase(old.flow);
    if (size_ >= capacity_ && (now < no_evict_until_ || evict(1, now, true) == 0)) return nullptr;

    uint32_t i;
    if (free_head_ != nil) {
        i = free_head_;
        free_head_ = flow(i).next;
    } else {
        if ((used_ >> chunk_shift) >= chunks_.size()) chunks_.push_back(std::make_unique<Flow[]>(chunk_mask + 1));
        i = used_++;
    }
    Flow& f = flow(i);
    f.orig = orig;
    f.mapped = mapped;
    compute_deltas(f);
    f.output[0] = foutput;
    f.output[1] = routput;
    f.proto = proto;
    f.state = state;
    f.input = input < input_counts_.size() ? input : 0;
    f.last_used = now;
    f.index = i;

    if ((entries_ + 2) * 4 > (mask_ + 1) * 3) grow_index();
    index_insert(hash(proto, orig), i * 2);
    if (!symmetric) index_insert(hash(proto, reply), i * 2 + 1);
    file(i);
    ++size_;
    ++input_counts_[f.input];
    return &f;
}

void FlowTable::release(uint32_t i) {
    Flow& f = flow(i);
    index_erase(hash(f.proto, f.orig), i * 2);
    FlowKey reply = f.mapped.reversed();
    if (!(reply == f.orig)) index_erase(hash(f.proto, reply), i * 2 + 1);
    --size_;
    --input_counts_[f.input];
    f.proto = 0;
    f.next = free_head_;
    free_head_ = i;
}

void FlowTable::erase(Flow* f) {
    unlink(f->index);
    release(f->index);
}

// ---- hash index: linear probing, deletion by backward shift (no tombstones) ----

void FlowTable::index_insert(uint32_t h, uint32_t ref) {
    size_t i = h & mask_;
    while (slots_[i]) i = (i + 1) & mask_;
    slots_[i] = (uint64_t(h) << 32) | (uint64_t(ref) + 1);
    ++entries_;
}

void FlowTable::index_erase(uint32_t h, uint32_t ref) {
    uint64_t want = (uint64_t(h) << 32) | (uint64_t(ref) + 1);
    size_t hole = h & mask_;
    while (slots_[hole] != want) {
        if (!slots_[hole]) return;  // not indexed (cannot happen for live records)
        hole = (hole + 1) & mask_;
    }
    for (size_t j = (hole + 1) & mask_; slots_[j]; j = (j + 1) & mask_) {
        size_t home = uint32_t(slots_[j] >> 32) & mask_;
        // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
        bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            slots_[hole] = slots_[j];
            hole = j;
        }
    }
    slots_[hole] = 0;
    --entries_;
}

void FlowTable::grow_index() {
    std::vector<uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (uint64_t s : old) {
        if (!s) continue;
        size_t i = uint32_t(s >> 32) & mask_;
        while (slots_[i]) i = (i + 1) & mask_;
        slots_[i] = s;
    }
}

// ---- expiry wheel: circular lists with a head per bucket ----

void FlowTable::link_tail(uint32_t head, uint32_t n) {
    uint32_t last = prev_of(head);
    next_of(last) = n;
    prev_of(n) = last;
    next_of(n) = head;
    prev_of(head) = n;
}

void FlowTable::unlink(uint32_t n) {
    uint32_t p = prev_of(n), x = next_of(n);
    next_of(p) = x;
    prev_of(x) = p;
}

void FlowTable::splice_tail(uint32_t to_head, uint32_t from_head) {
    uint32_t first = next_of(from_head);
    if (first == from_head) return;
    uint32_t last = prev_of(from_head);
    uint32_t to_last = prev_of(to_head);
    next_of(to_last) = first;
    prev_of(first) = to_last;
    next_of(last) = to_head;
    prev_of(to_head) = last;
    next_of(from_head) = prev_of(from_head) = from_head;
}

void FlowTable::file(uint32_t i) {
    int64_t t = std::clamp(tick_of(expiry(flow(i))), cursor_tick_, cursor_tick_ + wheel_buckets - 1);
    link_tail(uint32_t(t & (wheel_buckets - 1)) | sentinel_bit, i);
}

void FlowTable::refile(Flow* f) {
    unlink(f->index);
    file(f->index);
}

void FlowTable::reset_wheel(int64_t now) {
    for (uint32_t b = 0; b < heads_.size(); ++b) heads_[b] = {b | sentinel_bit, b | sentinel_bit};
    cursor_tick_ = tick_of(now);
}

void FlowTable::reap(int64_t now) {
    int64_t now_tick = tick_of(now);
    if (now_tick <= cursor_tick_) return;
    const uint32_t scratch = wheel_buckets | sentinel_bit;
    int64_t last = std::min(now_tick - 1, cursor_tick_ + wheel_buckets - 1);
    for (int64_t t = cursor_tick_; t <= last; ++t)
        splice_tail(scratch, uint32_t(t & (wheel_buckets - 1)) | sentinel_bit);
    cursor_tick_ = now_tick;
    for (uint32_t n = heads_[wheel_buckets].next; n != scratch; n = heads_[wheel_buckets].next) {
        unlink(n);
        if (expiry(flow(n)) <= now)
            release(n);
        else
            file(n);  // used since it was filed: goes to its real expiry
    }
}

uint32_t FlowTable::evict(uint32_t want, int64_t now, bool guarded) {
    uint32_t evicted = 0;
    int64_t guard_ends = std::numeric_limits<int64_t>::max();
    const uint32_t scratch = wheel_buckets | sentinel_bit;
    for (int64_t t = cursor_tick_; t < cursor_tick_ + wheel_buckets && evicted < want; ++t) {
        uint32_t head = uint32_t(t & (wheel_buckets - 1)) | sentinel_bit;
        if (next_of(head) == head) continue;
        splice_tail(scratch, head);
        for (uint32_t n = heads_[wheel_buckets].next; n != scratch && evicted < want; n = heads_[wheel_buckets].next) {
            unlink(n);
            Flow& f = flow(n);
            if (tick_of(expiry(f)) > t) {
                file(n);  // filed early; a later bucket holds it now
            } else if (guarded && now < f.last_used + timeouts_.guarantee(f.state)) {
                guard_ends = std::min(guard_ends, f.last_used + timeouts_.guarantee(f.state));
                link_tail(head, n);
            } else {
                release(n);
                ++evicted;
            }
        }
        splice_tail(head, scratch);
    }
    // Every mapping is guaranteed: none can go before the first guarantee ends.
    if (guarded && evicted == 0 && guard_ends != std::numeric_limits<int64_t>::max()) no_evict_until_ = guard_ends;
    return evicted;
}

// ---- bulk operations ----

void FlowTable::clear() {
    used_ = 0;
    free_head_ = nil;
    size_ = 0;
    std::fill(slots_.begin(), slots_.end(), 0);
    entries_ = 0;
    std::fill(input_counts_.begin(), input_counts_.end(), 0);
    int64_t cursor = cursor_tick_;
    reset_wheel(0);
    cursor_tick_ = cursor;
}

void FlowTable::erase_input(int input) {
    retain([input](const Flow& f) { return f.input != input; });
}

void FlowTable::set_capacity(uint32_t capacity, int64_t now) {
    capacity_ = std::clamp<uint32_t>(capacity, 1, max_capacity);
    no_evict_until_ = 0;
    if (size_ > capacity_) evict(size_ - capacity_, now, false);
}

void FlowTable::adopt(FlowTable& other, int64_t now) {
    chunks_.swap(other.chunks_);
    std::swap(used_, other.used_);
    std::swap(free_head_, other.free_head_);
    std::swap(size_, other.size_);
    slots_.swap(other.slots_);
    std::swap(mask_, other.mask_);
    std::swap(entries_, other.entries_);
    std::swap(seed_, other.seed_);
    // `other` now holds this table's former storage; its wheel must forget the flows.
    other.clear();
    rebuild(now);
}

size_t FlowTable::memory_bytes() const {
    return chunks_.size() * sizeof(Flow) * (chunk_mask + 1) + slots_.size() * sizeof(uint64_t) +
           heads_.size() * sizeof(Link) + input_counts_.size() * sizeof(uint32_t);
}

}  // namespace clickos::nat
