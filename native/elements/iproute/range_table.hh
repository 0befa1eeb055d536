// The routes of a table flattened into address ranges: a sorted list of range starts, each
// with the next hop of the longest prefix covering that range, found by binary search. An
// index on the top 12 address bits narrows each search to the few ranges that can hold
// the address. Built in one pass over the prefixes sorted by address then length; it is
// rebuilt whole after changes, which is why it is compact and fast to search but slower
// to update than a trie.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clickos {

class RangeTable {
  public:
    static constexpr int index_bits = 12;

    struct Prefix {
        uint32_t addr;  // host byte order, masked
        int len;
        uint32_t value;  // 1.., 0 means no route
    };

    // `prefixes` sorted by address, then by length (shortest first).
    void build(const std::vector<Prefix>& prefixes);

    uint32_t lookup(uint32_t addr) const {
        uint32_t b = addr >> (32 - index_bits);
        // The last range starting at or before addr among the bucket's candidates
        // (branch-free: the halving compiles to conditional moves).
        const uint32_t* base = starts_.data() + first_[b];
        uint32_t n = first_[b + 1] - first_[b] + 1;
        while (n > 1) {
            uint32_t half = n >> 1;
            base = base[half] <= addr ? base + half : base;
            n -= half;
        }
        return values_[size_t(base - starts_.data())];
    }
    size_t ranges() const { return starts_.size(); }

  private:
    std::vector<uint32_t> starts_{0};
    std::vector<uint32_t> values_{0};
    // For each index bucket b, the range holding the bucket's first address: bucket b's
    // addresses are in ranges first_[b] to first_[b + 1].
    std::vector<uint32_t> first_ = std::vector<uint32_t>((size_t(1) << index_bits) + 1, 0);
};

}  // namespace clickos
