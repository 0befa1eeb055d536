#include "prefix_trie.hh"

#include <cstring>

#include "clickos/platform.hh"

namespace clickos {

template <int F, int S>
PrefixTrie<F, S>::~PrefixTrie() {
    platform::free_region(root_, root_size_ * 4);
}

template <int F, int S>
bool PrefixTrie<F, S>::init() {
    if (root_) return true;
    root_size_ = size_t(1) << F;
    // A fresh region reads as zeros (no route) and only costs memory where routes are set.
    root_ = static_cast<uint32_t*>(platform::alloc_region(root_size_ * 4));
    if (!root_) root_size_ = 0;
    return root_ != nullptr;
}

template <int F, int S>
void PrefixTrie<F, S>::clear() {
    // A fresh region gives the memory back; if none can be had, zero the old one.
    if (auto* fresh = static_cast<uint32_t*>(platform::alloc_region(root_size_ * 4))) {
        platform::free_region(root_, root_size_ * 4);
        root_ = fresh;
    } else if (root_) {
        std::memset(root_, 0, root_size_ * 4);
    }
    pool_.clear();
    pool_.shrink_to_fit();
    free_.clear();
}

template <int F, int S>
uint32_t PrefixTrie<F, S>::alloc_chunk(uint32_t fill) {
    uint32_t c;
    if (!free_.empty()) {
        c = free_.back();
        free_.pop_back();
    } else {
        c = uint32_t(pool_.size() >> S);
        pool_.resize(pool_.size() + (size_t(1) << S));
    }
    uint32_t* p = chunk(c);
    for (uint32_t i = 0; i <= stride_mask; ++i) p[i] = fill;
    return c;
}

template <int F, int S>
void PrefixTrie<F, S>::free_chunk(uint32_t c) {
    free_.push_back(c);
}

template <int F, int S>
void PrefixTrie<F, S>::overwrite(uint32_t* e, uint32_t leaf, int len) {
    if (*e & child_flag) {
        uint32_t* p = chunk(*e & index_mask);
        for (uint32_t i = 0; i <= stride_mask; ++i) overwrite(p + i, leaf, len);
    } else if (leaf_len(*e) <= len) {
        *e = leaf;
    }
}

template <int F, int S>
void PrefixTrie<F, S>::insert(uint32_t addr, int len, uint32_t value) {
    const uint32_t leaf = make_leaf(value & max_value, len);
    int shift = 32 - F;
    int end = F;  // address bits resolved by the current level
    uint32_t idx = addr >> shift;
    uint32_t* table = root_;
    uint32_t table_chunk = 0;  // when table is a chunk (chunks may move as the pool grows)
    bool at_root = true;
    for (;;) {
        if (len <= end) {
            uint32_t count = 1u << (end - len);
            for (uint32_t i = 0; i < count; ++i) overwrite(table + idx + i, leaf, len);
            return;
        }
        uint32_t e = table[idx];
        if (!(e & child_flag)) {
            uint32_t c = alloc_chunk(e);
            if (!at_root) table = chunk(table_chunk);  // the pool may have moved
            e = child_flag | c;
            table[idx] = e;
        }
        at_root = false;
        table_chunk = e & index_mask;
        table = chunk(table_chunk);
        shift -= S;
        end += S;
        idx = (addr >> shift) & stride_mask;
    }
}

template <int F, int S>
void PrefixTrie<F, S>::try_fold(uint32_t* parent, int end) {
    if (!(*parent & child_flag)) return;
    uint32_t c = *parent & index_mask;
    const uint32_t* p = chunk(c);
    uint32_t first = p[0];
    if ((first & child_flag) || leaf_len(first) > end) return;
    for (uint32_t i = 1; i <= stride_mask; ++i)
        if (p[i] != first) return;
    *parent = first;
    free_chunk(c);
}

template <int F, int S>
void PrefixTrie<F, S>::restore(uint32_t* e, int len, uint32_t fallback, int end) {
    if (*e & child_flag) {
        uint32_t* p = chunk(*e & index_mask);
        for (uint32_t i = 0; i <= stride_mask; ++i) restore(p + i, len, fallback, end + S);
        try_fold(e, end);
    } else if (leaf_len(*e) == len) {
        *e = fallback;
    }
}

template <int F, int S>
void PrefixTrie<F, S>::remove(uint32_t addr, int len, uint32_t fallback_value, int fallback_len) {
    const uint32_t fallback = fallback_value ? make_leaf(fallback_value & max_value, fallback_len) : 0;
    // The chunks walked through, to fold them afterwards from the deepest up. Removing
    // never allocates, so pointers into the pool stay valid.
    uint32_t* path[32];
    int path_end[32];
    int depth = 0;
    int shift = 32 - F;
    int end = F;
    uint32_t* table = root_;
    uint32_t idx = addr >> shift;
    for (;;) {
        if (len <= end) {
            uint32_t count = 1u << (end - len);
            for (uint32_t i = 0; i < count; ++i) restore(table + idx + i, len, fallback, end);
            break;
        }
        uint32_t e = table[idx];
        if (!(e & child_flag)) break;  // nothing longer than `end` bits was ever set here
        path[depth] = table + idx;
        path_end[depth] = end;
        ++depth;
        table = chunk(e & index_mask);
        shift -= S;
        end += S;
        idx = (addr >> shift) & stride_mask;
    }
    while (depth > 0) {
        --depth;
        try_fold(path[depth], path_end[depth]);
    }
}

template class PrefixTrie<20, 4>;
template class PrefixTrie<24, 8>;

}  // namespace clickos
