#include "delayunqueue.hh"

#include <limits>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int DelayUnqueue::configure(Args& args) {
    Seconds delay;
    if (args.read_mp("DELAY", delay).complete() < 0) return -1;
    delay_ = delay.value;
    return 0;
}

int DelayUnqueue::initialize(ErrorHandler*) {
    signal_ = router()->upstream_empty_signal(this, 0, &task_);
    timer_.initialize(this);
    task_.initialize(this, true);
    return 0;
}

void DelayUnqueue::cleanup(CleanupStage) {
    if (held_) held_->kill();
    held_ = nullptr;
}

bool DelayUnqueue::run_task(Task*) {
    bool worked = false;
    Timestamp now = Timestamp::now();
    for (int n = 0; n < max_burst; ++n) {
        if (!held_) {
            // Nothing upstream: its notifier wakes the task when a packet arrives.
            if (!signal_.active()) return worked;
            held_ = input(0).pull();
            if (!held_) {
                if (signal_.active()) task_.fast_reschedule();  // a source that must be polled
                return worked;
            }
        }
        // Saturate: a garbage timestamp must not overflow into the past.
        constexpr int64_t max = std::numeric_limits<int64_t>::max();
        int64_t stamp = held_->timestamp_anno().ns;
        int64_t due = stamp > max - delay_.ns ? max : stamp + delay_.ns;
        if (due > now.ns) {
            int64_t steady = Timestamp::now_steady().ns;
            timer_.schedule_at(Timestamp{steady + std::min(due - now.ns, max - steady)});
            return worked;
        }
        Packet* p = held_;
        held_ = nullptr;
        p->set_timestamp_anno(now);
        output(0).push(p);
        worked = true;
    }
    task_.fast_reschedule();
    return worked;
}

void DelayUnqueue::add_handlers() {
    add_read_handler("delay", [this](Element*) { return delay_.str() + "\n"; });
    add_write_handler("delay", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("delay: " + why);
        delay_ = d.value;
        timer_.unschedule();  // the held packet may be due at another time now
        task_.reschedule();
        return 0;
    });
    add_task_handlers(&task_);
}

CLICKOS_ELEMENT(DelayUnqueue);

}  // namespace clickos
