#include "timedsink.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int TimedSink::configure(Args& args) {
    Seconds interval{interval_};
    if (args.read_p("INTERVAL", interval).complete() < 0) return -1;
    if (interval.value.ns <= 0) return args.error("INTERVAL must be positive");
    interval_ = interval.value;
    return 0;
}

int TimedSink::initialize(ErrorHandler*) {
    timer_.initialize(this);
    timer_.schedule_after(interval_);
    return 0;
}

void TimedSink::run_timer(Timer*) {
    if (Packet* p = input(0).pull()) {
        ++count_;
        p->kill();
    }
    timer_.reschedule_after(interval_);
}

void TimedSink::add_handlers() {
    add_read_handler("interval", [this](Element*) { return interval_.str() + "\n"; });
    add_write_handler("interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds s;
        std::string why;
        if (!parse_value(v, s, why)) return errh->error("interval: " + why);
        if (s.value.ns <= 0) return errh->error("interval: must be positive");
        interval_ = s.value;
        timer_.schedule_after(interval_);
        return 0;
    });
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
}

CLICKOS_ELEMENT(TimedSink);

}  // namespace clickos
