#include "unqueue.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int Unqueue::configure(Args& args) {
    if (args.read_p("BURST", burst_).read_p("ACTIVE", active_).read("LIMIT", limit_).complete() < 0) return -1;
    if (burst_ == 0) return args.error("BURST must be at least 1");
    return 0;
}

int Unqueue::initialize(ErrorHandler*) {
    signal_ = router()->upstream_empty_signal(this, 0, &task_);
    task_.initialize(this, active_);
    return 0;
}

bool Unqueue::run_task(Task*) {
    if (!active_) return false;
    unsigned n = burst_;
    if (limit_ >= 0) {
        if (count_ >= uint64_t(limit_)) return false;
        n = unsigned(std::min<uint64_t>(n, uint64_t(limit_) - count_));
    }
    PacketBatch b = input(0).pull_batch(n);
    bool worked = !b.empty();
    count_ += b.count();
    if (worked) output(0).push_batch(b);
    // Sleep while the upstream notifier says there is nothing; it wakes us.
    if (worked || signal_.active()) task_.fast_reschedule();
    return worked;
}

void Unqueue::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            task_.reschedule();
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("burst", [this](Element*) { return std::to_string(burst_) + "\n"; });
    add_write_handler("burst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t b;
        std::string why;
        if (!parse_value(v, b, why) || b == 0) return errh->error("burst: expected a positive integer");
        burst_ = b;
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, active_, why)) return errh->error("active: " + why);
        if (active_) task_.reschedule();
        return 0;
    });
    add_read_handler("limit", [this](Element*) { return std::to_string(limit_) + "\n"; });
    add_write_handler("limit", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, limit_, why)) return errh->error("limit: " + why);
        task_.reschedule();
        return 0;
    });
    add_task_handlers(&task_);
}

CLICKOS_ELEMENT(Unqueue);

}  // namespace clickos
