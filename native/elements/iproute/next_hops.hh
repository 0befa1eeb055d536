// Distinct (gateway, output) pairs of a routing table, numbered from 1 so that lookup
// structures store a small index per prefix and 0 can mean "no route". Routes sharing a
// next hop share its index; an index is reused once no route refers to it.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace clickos {

struct NextHop {
    uint32_t gw = 0;  // network byte order
    int32_t port = -1;
    uint32_t refs = 0;
};

class NextHopTable {
  public:
    NextHopTable() : hops_(1) {}  // index 0: no route

    // The index for (gw, port), counting one more reference to it.
    uint32_t acquire(uint32_t gw, int32_t port) {
        uint64_t k = key(gw, port);
        auto it = index_.find(k);
        uint32_t i;
        if (it != index_.end()) {
            i = it->second;
        } else {
            if (!free_.empty()) {
                i = free_.back();
                free_.pop_back();
            } else {
                i = uint32_t(hops_.size());
                hops_.emplace_back();
            }
            hops_[i] = NextHop{gw, port, 0};
            index_.emplace(k, i);
        }
        ++hops_[i].refs;
        return i;
    }
    // The index for (gw, port) without taking a reference (0 if unknown).
    uint32_t find(uint32_t gw, int32_t port) const {
        auto it = index_.find(key(gw, port));
        return it == index_.end() ? 0 : it->second;
    }
    void release(uint32_t i) {
        if (i == 0 || i >= hops_.size() || hops_[i].refs == 0) return;
        if (--hops_[i].refs == 0) {
            index_.erase(key(hops_[i].gw, hops_[i].port));
            hops_[i] = NextHop{};
            free_.push_back(i);
        }
    }
    void clear() {
        hops_.assign(1, NextHop{});
        index_.clear();
        free_.clear();
    }
    const NextHop& operator[](uint32_t i) const { return hops_[i]; }
    const NextHop* data() const { return hops_.data(); }
    size_t size() const { return hops_.size() - 1 - free_.size(); }

  private:
    static uint64_t key(uint32_t gw, int32_t port) { return uint64_t(gw) << 32 | uint32_t(port); }
    std::vector<NextHop> hops_;
    std::unordered_map<uint64_t, uint32_t> index_;
    std::vector<uint32_t> free_;
};

}  // namespace clickos
