// A bounded FIFO of packets: the storage of Queue and SimpleQueue, and of any element that
// holds packets in order. The capacity is set with reset() and changed with resize(), which
// keeps the oldest packets that fit.
#pragma once
#include <cstdint>
#include <vector>

#include "clickos/packet.hh"

namespace clickos {

class PacketRing {
  public:
    // Empties the ring (killing what it held) and gives it room for `capacity` packets.
    void reset(uint32_t capacity) {
        clear();
        slots_.assign(capacity, nullptr);
        head_ = 0;
    }
    uint32_t size() const { return size_; }
    uint32_t capacity() const { return uint32_t(slots_.size()); }
    bool empty() const { return size_ == 0; }
    bool full() const { return size_ == slots_.size(); }

    void push(Packet* p) {  // the ring must not be full
        size_t slot = head_ + size_;
        if (slot >= slots_.size()) slot -= slots_.size();
        slots_[slot] = p;
        ++size_;
    }
    Packet* pop() {  // the ring must not be empty
        Packet* p = slots_[head_];
        if (++head_ == slots_.size()) head_ = 0;
        --size_;
        return p;
    }
    // The other end (MixedQueue's LIFO input, drops at the tail): the ring must not be full
    // (push_front) or empty (pop_back).
    void push_front(Packet* p) {
        head_ = head_ == 0 ? slots_.size() - 1 : head_ - 1;
        slots_[head_] = p;
        ++size_;
    }
    Packet* pop_back() {
        size_t slot = head_ + size_ - 1;
        if (slot >= slots_.size()) slot -= slots_.size();
        --size_;
        return slots_[slot];
    }
    // New capacity; the oldest packets that fit stay in order, `overflow(p)` takes the rest.
    template <typename F>
    void resize(uint32_t capacity, F&& overflow) {
        std::vector<Packet*> kept;
        while (size_ > 0) {
            Packet* p = pop();
            if (kept.size() < capacity)
                kept.push_back(p);
            else
                overflow(p);
        }
        slots_.assign(capacity, nullptr);
        head_ = 0;
        for (Packet* p : kept) push(p);
    }
    void clear() {
        while (size_ > 0) pop()->kill();
    }

  private:
    std::vector<Packet*> slots_;
    size_t head_ = 0;
    uint32_t size_ = 0;
};

}  // namespace clickos
