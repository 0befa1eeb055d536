#include "discard.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int Discard::configure(Args& args) {
    if (args.read_p("ACTIVE", active_).read("BURST", burst_).complete() < 0) return -1;
    if (burst_ == 0) return args.error("BURST must be at least 1");
    return 0;
}

int Discard::initialize(ErrorHandler*) {
    if (input_is_pull(0)) {
        signal_ = router()->upstream_empty_signal(this, 0, &task_);
        task_.initialize(this, active_);
    }
    return 0;
}

bool Discard::run_task(Task*) {
    if (!active_) return false;
    PacketBatch b = input(0).pull_batch(burst_);
    bool worked = !b.empty();
    count_ += b.count();
    b.kill();
    if (active_ && (worked || signal_.active())) task_.fast_reschedule();
    return worked;
}

void Discard::add_handlers() {
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset_counts",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            return 0;
        },
        HANDLER_BUTTON);
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, active_, why)) return errh->error("active: " + why);
        if (active_ && input_is_pull(0)) task_.reschedule();
        return 0;
    });
    if (input_is_pull(0)) add_task_handlers(&task_);
}

CLICKOS_ELEMENT(Discard);

}  // namespace clickos
