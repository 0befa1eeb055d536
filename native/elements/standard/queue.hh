/**
 * @element Queue
 * @synopsis Queue([CAPACITY])
 * @category storage
 * @summary stores packets in a FIFO between a push and a pull path
 * @ports 1 input / 1 output, push input, pull output
 *
 * Stores pushed packets until they are pulled, first in first out, up to CAPACITY packets;
 * a packet pushed into a full queue is dropped. Its empty notifier wakes pullers when a
 * packet arrives (so idle pull paths sleep); its full notifier tells push sources when
 * there is room again. On hot-swap, the new Queue takes the old one's packets.
 *
 * @arg CAPACITY unsigned: maximum number of packets (default 1000)
 * @handler length read: packets queued now
 * @handler highwater_length read: the largest length seen since reset
 * @handler drops read: packets dropped because the queue was full
 * @handler capacity read/write: CAPACITY (packets beyond a smaller capacity are dropped)
 * @handler reset_counts write: resets drops and highwater_length
 * @handler reset write: drops every queued packet
 * @see SimpleQueue, Unqueue
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/packet_ring.hh"

namespace clickos {

class Queue : public Element {
  public:
    const char* class_name() const override { return "Queue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "h/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    void* cast(const char* name) override;

    void push(int, Packet* p) override {
        if (!ring_.full()) {
            ring_.push(p);
            after_enqueue();
        } else {
            ++drops_;
            p->kill();
        }
    }
    void push_batch(int, PacketBatch& b) override;
    Packet* pull(int) override {
        if (ring_.empty()) return nullptr;
        Packet* p = ring_.pop();
        after_dequeue();
        return p;
    }
    PacketBatch pull_batch(int, unsigned max) override;

    uint32_t size() const { return ring_.size(); }
    uint32_t capacity() const { return capacity_; }

  protected:  // FullNoteQueue, NotifierQueue, MixedQueue and FrontDropQueue build on Queue
    void after_enqueue() {
        if (ring_.size() > highwater_) highwater_ = ring_.size();
        if (!empty_note_.active()) empty_note_.set_active(true);
        if (ring_.full()) full_note_.set_active(false);
    }
    void after_dequeue() {
        if (ring_.empty()) empty_note_.set_active(false);
        if (!full_note_.active()) full_note_.set_active(true);
    }
    int set_capacity(uint32_t c, ErrorHandler* errh);

    PacketRing ring_;
    uint32_t capacity_ = 1000;  // as configured; the ring's capacity once initialized
    uint32_t highwater_ = 0;
    uint64_t drops_ = 0;
    ActiveNotifier empty_note_;
    ActiveNotifier full_note_;
};

}  // namespace clickos
