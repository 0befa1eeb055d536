/**
 * @element FrontDropQueue
 * @synopsis FrontDropQueue([CAPACITY])
 * @category storage
 * @summary a FIFO that drops its oldest packet to make room for a new one
 * @ports 1 input / 1 output, push input, pull output
 *
 * Stores pushed packets until they are pulled, first in first out, up to CAPACITY packets.
 * When a packet arrives and the queue is full, the packet at the head (the oldest, the one
 * that would leave next) is dropped and the new one is stored at the tail, so a full queue
 * always holds the most recent packets. Its empty notifier lets pullers sleep while it is
 * empty and wakes them when a packet arrives; it has no full notifier, as it always
 * accepts packets. On hot-swap the new queue takes the old one's packets.
 *
 * @arg CAPACITY unsigned: maximum number of packets (default 1000)
 * @handler length read: packets queued now
 * @handler highwater_length read: the largest length seen since reset_counts
 * @handler drops read: packets dropped from the head to make room
 * @handler capacity read/write: CAPACITY (packets beyond a smaller capacity are dropped)
 * @handler reset_counts write: resets drops and highwater_length
 * @handler reset write: drops every queued packet
 * @see Queue, MixedQueue, NotifierQueue, RED
 */
#pragma once
#include "standard/queue.hh"

namespace clickos {

class FrontDropQueue : public Queue {
  public:
    const char* class_name() const override { return "FrontDropQueue"; }
    void* cast(const char* name) override;
    void push(int, Packet* p) override {
        make_room();
        ring_.push(p);
        after_enqueue();
    }
    void push_batch(int, PacketBatch& b) override;

  private:
    void make_room() {
        if (!ring_.full()) return;
        ++drops_;
        ring_.pop()->kill();
    }
};

}  // namespace clickos
