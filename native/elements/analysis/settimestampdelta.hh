/**
 * @element SetTimestampDelta
 * @synopsis SetTimestampDelta([TYPE])
 * @category timestamps
 * @summary replaces packet timestamps with differences
 * @ports 1 input / 1 output, agnostic
 *
 * Replaces each non-zero timestamp annotation with a difference. With TYPE `RANGE` (the
 * default) it is the difference from the first non-zero timestamp the element saw (so that
 * packet gets 0.000000); with `NOW`, the time from the packet's timestamp to the current
 * wall-clock time. Zero timestamps are left alone.
 *
 * Differences from Click: ClickOS packets have no "first timestamp" annotation, so TYPE
 * `FIRST` is refused.
 *
 * @arg TYPE word: RANGE or NOW (default RANGE)
 * @handler first read: the first non-zero timestamp seen (0.000000 before one)
 * @handler reset write: forgets it; the next non-zero timestamp becomes the new first
 * @see SetTimestamp, AdjustTimestamp, TimeFilter
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetTimestampDelta : public SimpleElement<SetTimestampDelta> {
  public:
    const char* class_name() const override { return "SetTimestampDelta"; }
    int configure(Args& args) override;
    void add_handlers() override;
    Packet* action(Packet* p) {
        Timestamp t = p->timestamp_anno();
        if (t.ns == 0) return p;
        if (now_) {
            p->set_timestamp_anno(Timestamp::now() - t);
        } else {
            if (first_.ns == 0) first_ = t;
            p->set_timestamp_anno(t - first_);
        }
        return p;
    }

  private:
    bool now_ = false;
    Timestamp first_;
};

}  // namespace clickos
