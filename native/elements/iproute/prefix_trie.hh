// A multibit trie over IPv4 prefixes with leaf pushing: the first FirstBits bits of an
// address index a flat root table, each further StrideBits bits index a chunk of
// 2^StrideBits entries. Every entry is either a leaf (the value of the longest prefix
// covering it, and that prefix's length) or a link to a child chunk, so a lookup is one
// read per level and no comparisons. <24, 8> is DIR-24-8 (Gupta, Lin and McKeown); <20, 4>
// resolves a /24 in two reads with 64-byte (one cache line) chunks, which keeps large
// tables small.
//
// Updates keep the structure exact at every step: inserting a prefix overwrites the
// entries it covers whose current prefix is not longer; removing one restores the entries
// it owned to the next shorter covering prefix (which the caller names) and folds chunks
// that became uniform back into their parent entry.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clickos {

template <int FirstBits, int StrideBits>
class PrefixTrie {
    static_assert((32 - FirstBits) % StrideBits == 0, "levels must end at bit 32");

  public:
    static constexpr uint32_t max_value = 0x00ffffffu;

    PrefixTrie() = default;
    ~PrefixTrie();
    PrefixTrie(const PrefixTrie&) = delete;
    PrefixTrie& operator=(const PrefixTrie&) = delete;

    // Allocates the root table; false if memory is exhausted.
    bool init();
    bool ready() const { return root_ != nullptr; }

    // Sets prefix addr/len (host byte order, addr masked) to value (1..max_value),
    // replacing the value a previous insert gave the same prefix.
    void insert(uint32_t addr, int len, uint32_t value);
    // Removes prefix addr/len. Its addresses fall back to fallback_value (0: no route),
    // the value of the longest remaining prefix covering it, of length fallback_len < len.
    void remove(uint32_t addr, int len, uint32_t fallback_value, int fallback_len);
    void clear();

    // The value of the longest prefix containing addr (host byte order), 0 if none.
    uint32_t lookup(uint32_t addr) const {
        int shift = 32 - FirstBits;
        uint32_t e = root_[addr >> shift];
        const uint32_t* pool = pool_.data();
        while (__builtin_expect(e & child_flag, 1)) {
            shift -= StrideBits;
            e = pool[(size_t(e & index_mask) << StrideBits) | ((addr >> shift) & stride_mask)];
        }
        return e & max_value;
    }

    size_t chunk_count() const { return (pool_.size() >> StrideBits) - free_.size(); }
    size_t memory_bytes() const { return root_size_ * 4 + pool_.capacity() * 4; }

  private:
    static constexpr uint32_t child_flag = 0x80000000u;
    static constexpr uint32_t stride_mask = (1u << StrideBits) - 1;
    static constexpr uint32_t index_mask = 0x7fffffffu;
    static uint32_t make_leaf(uint32_t value, int len) { return value | uint32_t(len) << 24; }
    static int leaf_len(uint32_t e) { return int((e >> 24) & 63); }

    uint32_t* chunk(uint32_t c) { return pool_.data() + (size_t(c) << StrideBits); }
    uint32_t alloc_chunk(uint32_t fill);
    void free_chunk(uint32_t c);
    // Leaves in *e (and below it) whose prefix is not longer than len become `leaf`.
    void overwrite(uint32_t* e, uint32_t leaf, int len);
    // Leaves in *e (and below it) owned by the removed prefix of length len become
    // `fallback`; chunks below that become uniform are folded. `end` is the number of
    // address bits resolved once *e is reached.
    void restore(uint32_t* e, int len, uint32_t fallback, int end);
    // Folds the chunk *parent links to into *parent if all its entries are the same leaf
    // of a prefix no longer than `end` bits.
    void try_fold(uint32_t* parent, int end);

    uint32_t* root_ = nullptr;
    size_t root_size_ = 0;
    std::vector<uint32_t> pool_;  // chunks, 2^StrideBits entries each
    std::vector<uint32_t> free_;  // chunk numbers free for reuse
};

// The shapes the elements use (instantiated in prefix_trie.cc).
extern template class PrefixTrie<20, 4>;
extern template class PrefixTrie<24, 8>;

}  // namespace clickos
