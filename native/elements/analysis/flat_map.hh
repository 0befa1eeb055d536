// An open-addressing hash map (linear probing) of trivially copyable keys and values, for
// the per-packet tables of the analysis elements: a lookup allocates nothing, and the
// table grows by doubling at half load. There is no erase: callers rebuild with retain().
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clickos::analysis {

template <typename Key, typename Value, typename Hash>
class FlatMap {
  public:
    FlatMap() { slots_.resize(16); }

    // The value for `key`, or null.
    Value* find(const Key& key) {
        for (size_t i = Hash{}(key)&mask(); slots_[i].used; i = (i + 1) & mask())
            if (slots_[i].key == key) return &slots_[i].value;
        return nullptr;
    }
    // The value for `key`, inserted (value-initialized) if absent; `inserted` says which.
    Value& get(const Key& key, bool& inserted) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        size_t i = Hash{}(key)&mask();
        for (; slots_[i].used; i = (i + 1) & mask())
            if (slots_[i].key == key) {
                inserted = false;
                return slots_[i].value;
            }
        slots_[i].used = true;
        slots_[i].key = key;
        slots_[i].value = Value{};
        ++size_;
        inserted = true;
        return slots_[i].value;
    }
    size_t size() const { return size_; }
    void clear() {
        slots_.assign(16, Slot{});
        size_ = 0;
    }
    // Keeps the entries for which keep(key, value) is true.
    template <typename Keep>
    void retain(Keep&& keep) {
        std::vector<Slot> old(slots_.size());
        old.swap(slots_);
        size_ = 0;
        for (Slot& s : old)
            if (s.used && keep(s.key, s.value)) insert_slot(s);
    }
    template <typename F>
    void for_each(F&& f) const {
        for (const Slot& s : slots_)
            if (s.used) f(s.key, s.value);
    }

  private:
    struct Slot {
        bool used = false;
        Key key{};
        Value value{};
    };
    size_t mask() const { return slots_.size() - 1; }
    void insert_slot(const Slot& s) {
        size_t i = Hash{}(s.key) & mask();
        while (slots_[i].used) i = (i + 1) & mask();
        slots_[i] = s;
        ++size_;
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        size_ = 0;
        for (const Slot& s : old)
            if (s.used) insert_slot(s);
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

// A 64-bit mix (splitmix64's finalizer), for integer keys.
inline uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace clickos::analysis
