// A batch: packets linked through Packet::next(), with the tail and the count, the unit
// that moves along push paths (FastClick's batching).
#pragma once
#include <cstdint>

#include "clickos/packet.hh"

namespace clickos {

class PacketBatch {
  public:
    PacketBatch() = default;
    explicit PacketBatch(Packet* p) : head_(p), tail_(p), count_(p ? 1 : 0) {
        if (p) p->set_next(nullptr);
    }

    bool empty() const { return count_ == 0; }
    uint32_t count() const { return count_; }
    Packet* first() const { return head_; }
    Packet* last() const { return tail_; }

    void append(Packet* p) {
        p->set_next(nullptr);
        if (tail_)
            tail_->set_next(p);
        else
            head_ = p;
        tail_ = p;
        ++count_;
    }
    void append(PacketBatch& other) {
        if (other.empty()) return;
        if (tail_)
            tail_->set_next(other.head_);
        else
            head_ = other.head_;
        tail_ = other.tail_;
        count_ += other.count_;
        other.clear();
    }
    Packet* pop_front() {
        Packet* p = head_;
        if (!p) return nullptr;
        head_ = p->next();
        if (!head_) tail_ = nullptr;
        --count_;
        p->set_next(nullptr);
        return p;
    }
    // Forgets the packets without killing them (ownership moved elsewhere).
    void clear() {
        head_ = tail_ = nullptr;
        count_ = 0;
    }
    void kill() {
        for (Packet* p = head_; p;) {
            Packet* n = p->next();
            p->kill();
            p = n;
        }
        clear();
    }
    // Calls f(p) on each packet; f returns the packet to keep (possibly another one) or null
    // if it took the packet (killed it or sent it elsewhere).
    template <typename F>
    void filter(F&& f) {
        Packet* p = head_;
        head_ = tail_ = nullptr;
        count_ = 0;
        while (p) {
            Packet* n = p->next();
            Packet* q = f(p);
            if (q) append(q);
            p = n;
        }
    }
    template <typename F>
    void for_each(F&& f) const {
        for (Packet* p = head_; p;) {
            Packet* n = p->next();
            f(p);
            p = n;
        }
    }

  private:
    Packet* head_ = nullptr;
    Packet* tail_ = nullptr;
    uint32_t count_ = 0;
};

}  // namespace clickos
