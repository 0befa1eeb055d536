/**
 * @element FullNoteQueue
 * @synopsis FullNoteQueue([CAPACITY])
 * @category storage
 * @summary Queue under its older name: a FIFO with empty and full notifiers
 * @ports 1 input / 1 output, push input, pull output
 *
 * Exactly Queue, under the name Click used for it before Queue took its place. It stores
 * pushed packets until they are pulled, first in first out, up to CAPACITY packets, and
 * drops what arrives when it is full. Its empty notifier lets pullers sleep while it is
 * empty and wakes them when a packet arrives; its full notifier tells push sources upstream
 * (which look it up as their downstream full signal) that it is full, and wakes them as
 * soon as a pull makes room.
 *
 * @arg CAPACITY unsigned: maximum number of packets (default 1000)
 * @handler length read: packets queued now
 * @handler highwater_length read: the largest length seen since reset_counts
 * @handler drops read: packets dropped because the queue was full
 * @handler capacity read/write: CAPACITY (packets beyond a smaller capacity are dropped)
 * @handler reset_counts write: resets drops and highwater_length
 * @handler reset write: drops every queued packet
 * @see Queue, NotifierQueue, SimpleQueue, MixedQueue, FrontDropQueue
 */
#pragma once
#include "standard/queue.hh"

namespace clickos {

class FullNoteQueue : public Queue {
  public:
    const char* class_name() const override { return "FullNoteQueue"; }
};

}  // namespace clickos
