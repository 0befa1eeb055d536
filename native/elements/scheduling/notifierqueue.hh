/**
 * @element NotifierQueue
 * @synopsis NotifierQueue([CAPACITY])
 * @category storage
 * @summary a FIFO with an empty notifier only
 * @ports 1 input / 1 output, push input, pull output
 *
 * Stores pushed packets until they are pulled, first in first out, up to CAPACITY packets;
 * a packet pushed into a full queue is dropped. Its empty notifier lets pullers sleep while
 * it is empty and wakes them when a packet arrives. Unlike Queue it has no full notifier,
 * so push sources upstream that look for one keep pushing into it when it is full (and
 * their packets are dropped). On hot-swap the new queue takes the old one's packets.
 *
 * @arg CAPACITY unsigned: maximum number of packets (default 1000)
 * @handler length read: packets queued now
 * @handler highwater_length read: the largest length seen since reset_counts
 * @handler drops read: packets dropped because the queue was full
 * @handler capacity read/write: CAPACITY (packets beyond a smaller capacity are dropped)
 * @handler reset_counts write: resets drops and highwater_length
 * @handler reset write: drops every queued packet
 * @see Queue, SimpleQueue, MixedQueue, FrontDropQueue
 */
#pragma once
#include "standard/queue.hh"

namespace clickos {

class NotifierQueue : public Queue {
  public:
    const char* class_name() const override { return "NotifierQueue"; }
    void* cast(const char* name) override;
};

}  // namespace clickos
