/**
 * @element SetTimestamp
 * @synopsis SetTimestamp([TIMESTAMP, FIRST, DELTA])
 * @category timestamps
 * @summary sets each packet's timestamp annotation
 * @ports 1 input / 1 output, agnostic
 *
 * Stores a time in the timestamp annotation of every packet: TIMESTAMP if given, else the
 * wall-clock time at which the packet reaches the element.
 *
 * @arg TIMESTAMP time: seconds since 1970, with up to nine decimals ("1000000000.25")
 * @arg FIRST boolean: in Click, set the "first timestamp" annotation instead. ClickOS
 *   packets have only one timestamp, so only false is accepted (default false)
 * @arg DELTA boolean: in Click, replace the timestamp by its difference from the first
 *   timestamp; only false is accepted, for the same reason (default false)
 * @handler timestamp read/write: TIMESTAMP, or "now" when the current time is used;
 *   writing "now" (or an empty value) goes back to the current time
 * @see Print, ToDump
 */
#pragma once
#include <string>

#include "clickos/element.hh"
#include "clickos/timestamp.hh"

namespace clickos {

class SetTimestamp : public SimpleElement<SetTimestamp> {
  public:
    const char* class_name() const override { return "SetTimestamp"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p->set_timestamp_anno(use_now_ ? Timestamp::now() : timestamp_);
        return p;
    }

    // "SEC[.FRACTION]" with up to nine fraction digits; false if malformed.
    static bool parse_timestamp(const std::string& s, Timestamp& out);

  private:
    bool use_now_ = true;
    Timestamp timestamp_;
};

}  // namespace clickos
