#include "burster.hh"

#include "clickos/element_class.hh"

namespace clickos {

int Burster::configure(Args& args) {
    if (args.read_mp("I", interval_).read_mp("N", burst_).complete() < 0) return -1;
    if (interval_.value.ns <= 0) return args.error("I must be more than zero");
    if (burst_ == 0) return args.error("N must be at least 1");
    return 0;
}

int Burster::initialize(ErrorHandler*) {
    timer_.initialize(this);
    timer_.schedule_after(interval_.value);
    return 0;
}

void Burster::run_timer(Timer*) {
    PacketBatch batch;
    for (uint32_t i = 0; i < burst_; ++i) {
        Packet* p = input(0).pull();
        if (!p) break;
        batch.append(p);
    }
    if (!batch.empty()) output(0).push_batch(batch);
    // Periodic from the previous expiry; after a late run, the next burst is one interval away.
    Timestamp next = timer_.expiry() + interval_.value;
    Timestamp now = Timestamp::now_steady();
    timer_.schedule_at(next < now ? now + interval_.value : next);
}

void Burster::add_handlers() {
    add_read_handler("interval", [this](Element*) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.9g\n", interval_.value.doubleval());
        return std::string(buf);
    });
    add_write_handler("interval", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds s;
        std::string why;
        if (!parse_value(v, s, why)) return errh->error("interval: " + why);
        if (s.value.ns <= 0) return errh->error("interval: must be more than zero");
        interval_ = s;
        timer_.schedule_after(interval_.value);
        return 0;
    });
    add_read_handler("burst", [this](Element*) { return std::to_string(burst_) + "\n"; });
    add_write_handler("burst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("burst: " + why);
        if (n == 0) return errh->error("burst: must be at least 1");
        burst_ = n;
        return 0;
    });
}

CLICKOS_ELEMENT(Burster);

}  // namespace clickos
