/**
 * @element MixedQueue
 * @synopsis MixedQueue([CAPACITY])
 * @category storage
 * @summary a queue that is first-in first-out on input 0 and last-in first-out on input 1
 * @ports 2 inputs / 1 output, push inputs, pull output
 *
 * Stores pushed packets until they are pulled, up to CAPACITY packets. Packets pushed into
 * input 0 join the tail, as in a FIFO; packets pushed into input 1 go to the head, so they
 * are the next to leave (last in, first out). Pushing A, B into input 0, then C into input
 * 1, D into input 0 and E into input 1 leaves the queue as E C A B D, head first.
 *
 * When the queue is full, a packet arriving on input 0 is dropped, while a packet arriving
 * on input 1 is stored after dropping the packet at the tail (the one that would leave
 * last). Its empty notifier lets pullers sleep while it is empty and wakes them when a
 * packet arrives; it has no full notifier. On hot-swap the new queue takes the old one's
 * packets, in order.
 *
 * @arg CAPACITY unsigned: maximum number of packets (default 1000)
 * @handler length read: packets queued now
 * @handler highwater_length read: the largest length seen since reset_counts
 * @handler drops read: packets dropped (arrivals on input 0 while full, and tails pushed out)
 * @handler capacity read/write: CAPACITY (packets beyond a smaller capacity are dropped)
 * @handler reset_counts write: resets drops and highwater_length
 * @handler reset write: drops every queued packet
 * @see Queue, FrontDropQueue, NotifierQueue, SimpleQueue
 */
#pragma once
#include "standard/queue.hh"

namespace clickos {

class MixedQueue : public Queue {
  public:
    const char* class_name() const override { return "MixedQueue"; }
    const char* port_count() const override { return "2/1"; }
    void* cast(const char* name) override;
    void push(int port, Packet* p) override;
    void push_batch(int port, PacketBatch& b) override;
};

}  // namespace clickos
