/**
 * @element SimpleQueue
 * @synopsis SimpleQueue([CAPACITY])
 * @category storage
 * @summary stores packets in a FIFO, without notifying anyone
 * @ports 1 input / 1 or 2 outputs; push input, pull output 0, push output 1
 *
 * Keeps pushed packets in first-in first-out order until output 0 pulls them, holding at most
 * CAPACITY packets. A packet that arrives when the queue is full is dropped: it leaves on
 * output 1 when that output is connected, and is freed otherwise. Unlike Queue it has no
 * notifiers, so whatever pulls from it polls. On hot-swap the new SimpleQueue takes over
 * the old one's packets.
 *
 * @arg CAPACITY unsigned: the most packets held at once (default 1000)
 * @handler length read: packets held now
 * @handler highwater_length read: the most packets held at once since the last reset_counts
 * @handler capacity read/write: CAPACITY; lowering it drops the packets beyond the new limit
 * @handler drops read: packets dropped because the queue was full
 * @handler reset_counts write: sets drops to zero and highwater_length to the current length
 * @handler reset write: drops every packet held
 * @see Queue, Unqueue
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/packet_ring.hh"

namespace clickos {

class SimpleQueue : public Element {
  public:
    static constexpr uint32_t max_capacity = 1u << 26;

    const char* class_name() const override { return "SimpleQueue"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "h/lh"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;

    void push(int, Packet* p) override {
        if (!ring_.full())
            enqueue(p);
        else
            drop(p);
    }
    void push_batch(int, PacketBatch& b) override;
    Packet* pull(int) override { return ring_.empty() ? nullptr : ring_.pop(); }
    PacketBatch pull_batch(int, unsigned max) override;

    uint32_t size() const { return ring_.size(); }

  private:
    void enqueue(Packet* p) {
        ring_.push(p);
        if (ring_.size() > highwater_) highwater_ = ring_.size();
    }
    void drop(Packet* p);
    void clear();
    int set_capacity(uint32_t capacity, ErrorHandler* errh);

    PacketRing ring_;
    uint32_t capacity_ = 1000;  // as configured; the ring's capacity once initialized
    uint32_t highwater_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace clickos
