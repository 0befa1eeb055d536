/**
 * @element AdjustTimestamp
 * @synopsis AdjustTimestamp(TIME [, FIRST, ALL])
 * @category timestamps
 * @summary adds a time to each packet's timestamp annotation
 * @ports 1 input / 1 output, agnostic
 *
 * Adds TIME, which may be negative, to the timestamp annotation of every packet. Packets
 * whose timestamp is zero (unset) keep it, unless ALL is true.
 *
 * Differences from Click: ClickOS packets have one timestamp annotation, not also a "first
 * timestamp", so FIRST only accepts false.
 *
 * @arg TIME time: the amount to add, possibly negative ("-1.5s", "10ms")
 * @arg FIRST boolean: in Click, adjust the "first timestamp" annotation instead; only false is accepted (default false)
 * @arg ALL boolean: adjust zero timestamps too (default false)
 * @handler time read/write: TIME
 * @see SetTimestamp, SetTimestampDelta, TimeFilter
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class AdjustTimestamp : public SimpleElement<AdjustTimestamp> {
  public:
    const char* class_name() const override { return "AdjustTimestamp"; }
    int configure(Args& args) override;
    void add_handlers() override;
    Packet* action(Packet* p) {
        Timestamp t = p->timestamp_anno();
        if (t.ns != 0 || all_) p->set_timestamp_anno(t + delta_);
        return p;
    }

  private:
    Timestamp delta_;
    bool all_ = false;
};

}  // namespace clickos
