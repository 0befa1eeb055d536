/**
 * @element TimeFilter
 * @synopsis TimeFilter(KEYWORDS)
 * @category timestamps
 * @summary passes packets whose timestamps lie in a time range
 * @ports 1 input / 1 or 2 outputs; output 0 agnostic, output 1 push
 *
 * Passes a packet on output 0 if its timestamp annotation lies in [start, end); others go
 * to output 1 if it exists, and are dropped otherwise. The start is given by at most one of
 * START (absolute), START_AFTER (after the first packet's timestamp) and START_DELAY (after
 * the wall-clock time of initialization); without one, the range has no start. The end is
 * given by at most one of END, END_AFTER, END_DELAY (the same three references) and
 * INTERVAL (after the start; after the first packet's timestamp when there is no start);
 * without one, the range has no end.
 *
 * The first packet at or after the end stops the router when STOP is true, or writes
 * END_CALL's handler, where `$t` in the value stands for that packet's timestamp. When the
 * handler extends the interval (`extend_interval`) past that packet's timestamp, the packet
 * passes. Each later extension arms the end again.
 *
 * @arg START time: absolute start, seconds since 1970
 * @arg START_AFTER duration: start this long after the first packet's timestamp
 * @arg START_DELAY duration: start this long after initialization (wall clock)
 * @arg END time: absolute end, seconds since 1970
 * @arg END_AFTER duration: end this long after the first packet's timestamp
 * @arg END_DELAY duration: end this long after initialization (wall clock)
 * @arg INTERVAL duration: end this long after the start
 * @arg STOP boolean: stop the router at the first packet past the end (default false); not with END_CALL
 * @arg END_CALL "HANDLER [VALUE]": write this handler at the first packet past the end
 * @handler start read/write: the start time (before the first packet, 0.000000 when it is still relative to it)
 * @handler end read/write: the end time (the same)
 * @handler interval read/write: end minus start; writing keeps the start and moves the end
 * @handler extend_interval write: moves the end later by the duration written
 * @see SetTimestamp, AdjustTimestamp, SetTimestampDelta, FromDump
 */
#pragma once
#include <cstdint>
#include <string>

#include "clickos/element.hh"

namespace clickos {

class TimeFilter : public SimpleElement<TimeFilter> {
  public:
    const char* class_name() const override { return "TimeFilter"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        const Timestamp t = p->timestamp_anno();
        if (__builtin_expect(!ready_, 0)) first_packet(t);
        if (t >= start_ && t < end_) return p;
        if (t >= end_ && !ended_ && past_end(t)) return p;
        if (noutputs() > 1)
            output(1).push(p);
        else
            p->kill();
        return nullptr;
    }

  private:
    enum class Ref { none, absolute, first_packet, init, interval };
    void first_packet(Timestamp t);
    // The first packet past the end: stop or call; true if the call let it through.
    bool past_end(Timestamp t);

    Ref start_ref_ = Ref::none, end_ref_ = Ref::none;
    Timestamp start_arg_, end_arg_;
    Timestamp start_{INT64_MIN}, end_{INT64_MAX};
    bool ready_ = false;  // relative times resolved
    bool ended_ = false;  // the end was reached and acted on
    bool stop_ = false;
    std::string end_call_;
};

}  // namespace clickos
