#include "timefilter.hh"

#include "argument.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "signed_time.hh"
#include "traces/trace_time.hh"

namespace clickos {

int TimeFilter::configure(Args& args) {
    traces::TraceTime start, end;
    Seconds start_after, start_delay, end_after, end_delay, interval;
    if (args.read("START", start)
            .read("START_AFTER", start_after)
            .read("START_DELAY", start_delay)
            .read("END", end)
            .read("END_AFTER", end_after)
            .read("END_DELAY", end_delay)
            .read("INTERVAL", interval)
            .read("STOP", stop_)
            .read("END_CALL", end_call_)
            .complete() < 0)
        return -1;
    int starts = 0, ends = 0;
    for (const char* k : {"START", "START_AFTER", "START_DELAY"}) starts += args.given(k);
    for (const char* k : {"END", "END_AFTER", "END_DELAY", "INTERVAL"}) ends += args.given(k);
    if (starts > 1) return args.error("give at most one of START, START_AFTER and START_DELAY");
    if (ends > 1) return args.error("give at most one of END, END_AFTER, END_DELAY and INTERVAL");
    if (args.given("STOP") && args.given("END_CALL")) return args.error("give at most one of STOP and END_CALL");
    if (args.given("END_CALL") && end_call_.find_first_not_of(" \t") == std::string::npos)
        return analysis::error_at(args, "END_CALL", -1, "END_CALL: expected 'HANDLER [VALUE]'");
    if (args.given("START")) start_ref_ = Ref::absolute, start_arg_ = start.value;
    if (args.given("START_AFTER")) start_ref_ = Ref::first_packet, start_arg_ = start_after.value;
    if (args.given("START_DELAY")) start_ref_ = Ref::init, start_arg_ = start_delay.value;
    if (args.given("END")) end_ref_ = Ref::absolute, end_arg_ = end.value;
    if (args.given("END_AFTER")) end_ref_ = Ref::first_packet, end_arg_ = end_after.value;
    if (args.given("END_DELAY")) end_ref_ = Ref::init, end_arg_ = end_delay.value;
    if (args.given("INTERVAL")) end_ref_ = Ref::interval, end_arg_ = interval.value;
    return 0;
}

int TimeFilter::initialize(ErrorHandler*) {
    const Timestamp now = Timestamp::now();
    start_ = start_ref_ == Ref::absolute ? start_arg_
             : start_ref_ == Ref::init   ? now + start_arg_
                                         : Timestamp{INT64_MIN};
    end_ = end_ref_ == Ref::absolute ? end_arg_ : end_ref_ == Ref::init ? now + end_arg_ : Timestamp{INT64_MAX};
    if (end_ref_ == Ref::interval && start_ref_ != Ref::none && start_ref_ != Ref::first_packet)
        end_ = start_ + end_arg_;
    // Only times relative to the first packet wait for it.
    ready_ = start_ref_ != Ref::first_packet && end_ref_ != Ref::first_packet &&
             !(end_ref_ == Ref::interval && (start_ref_ == Ref::none || start_ref_ == Ref::first_packet));
    ended_ = false;
    return 0;
}

void TimeFilter::first_packet(Timestamp t) {
    if (start_ref_ == Ref::first_packet) start_ = t + start_arg_;
    if (end_ref_ == Ref::first_packet) end_ = t + end_arg_;
    if (end_ref_ == Ref::interval) end_ = (start_ref_ == Ref::none ? t : start_) + end_arg_;
    ready_ = true;
}

bool TimeFilter::past_end(Timestamp t) {
    ended_ = true;
    if (stop_) {
        router()->please_stop();
        return false;
    }
    if (end_call_.empty()) return false;
    std::string call = end_call_;
    const std::string stamp = t.str();
    for (size_t at = call.find("$t"); at != std::string::npos; at = call.find("$t", at + stamp.size()))
        call.replace(at, 2, stamp);
    std::string error;
    router()->call_from(this, call, error);
    return t >= start_ && t < end_;
}

void TimeFilter::add_handlers() {
    auto time_handler = [this](const char* name, Timestamp TimeFilter::*field) {
        add_read_handler(name, [this, field](Element*) {
            Timestamp t = this->*field;
            return (t.ns == INT64_MIN || t.ns == INT64_MAX ? Timestamp{} : t).str() + "\n";
        });
        add_write_handler(name, [this, field, name](const std::string& v, Element*, ErrorHandler* errh) {
            traces::TraceTime t;
            std::string why;
            if (!traces::parse_value(v, t, why)) return errh->error(std::string(name) + ": " + why);
            this->*field = t.value;
            ready_ = true;  // an explicit time replaces a relative one
            ended_ = false;
            return 0;
        });
    };
    time_handler("start", &TimeFilter::start_);
    time_handler("end", &TimeFilter::end_);
    add_read_handler("interval", [this](Element*) {
        if (start_.ns == INT64_MIN || end_.ns == INT64_MAX) return std::string("0.000000\n");
        return analysis::signed_str(end_ - start_) + "\n";
    });
    add_write_handler("interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds t;
        std::string why;
        if (!parse_value(v, t, why)) return errh->error("interval: " + why);
        if (start_.ns == INT64_MIN) return errh->error("interval: the range has no start yet");
        end_ = start_ + t.value;
        ended_ = false;
        return 0;
    });
    add_write_handler("extend_interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds t;
        std::string why;
        if (!parse_value(v, t, why)) return errh->error("extend_interval: " + why);
        if (end_.ns != INT64_MAX) end_ = end_ + t.value;
        ended_ = false;
        return 0;
    });
}

CLICKOS_ELEMENT(TimeFilter);

}  // namespace clickos
