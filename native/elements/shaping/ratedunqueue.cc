#include "ratedunqueue.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"

namespace clickos {

int RatedUnqueue::configure(Args& args) {
    uint32_t rate = 0, burst_packets = 0;
    Bandwidth bw;
    Seconds burst{Timestamp{burst_ns_}};
    uint64_t burst_bytes = 0;
    if (bandwidth())
        args.read_mp("RATE", bw).read("BURST_BYTES", burst_bytes);
    else
        args.read_mp("RATE", rate).read("BURST_SIZE", burst_packets);
    if (args.read("BURST_DURATION", burst).read("ACTIVE", active_).complete() < 0) return -1;
    const char* size_name = bandwidth() ? "BURST_BYTES" : "BURST_SIZE";
    if (args.given("BURST_DURATION") && args.given(size_name))
        return args.error(std::string("BURST_DURATION and ") + size_name + " are mutually exclusive");
    rate_ = bandwidth() ? TokenBucket::round_rate(bw.bytes_per_sec) : rate;
    burst_ns_ = burst.value.ns;
    burst_size_ = bandwidth() ? burst_bytes : burst_packets;
    if (args.given(size_name) && burst_size_ == 0) return args.error(std::string(size_name) + " must be at least 1");
    set_rate(rate_);
    return 0;
}

void RatedUnqueue::set_rate(uint64_t rate) {
    rate_ = rate;
    uint64_t capacity = burst_size_ ? burst_size_ : TokenBucket::capacity_for(rate, burst_ns_);
    bucket_.configure(rate, rate ? capacity : 0);
}

int RatedUnqueue::initialize(ErrorHandler*) {
    bucket_.reset(Timestamp::now_steady().ns);
    signal_ = router()->upstream_empty_signal(this, 0, &task_);
    timer_.initialize(this);
    task_.initialize(this, active_);
    return 0;
}

PacketBatch RatedUnqueue::pull_allowed() {
    if (!bandwidth()) {
        uint64_t n = std::min<uint64_t>(bucket_.tokens(), max_burst);
        PacketBatch b = input(0).pull_batch(unsigned(n));
        bucket_.consume(b.count());
        return b;
    }
    // Sizes are known only after pulling: pull one at a time while any credit is left.
    PacketBatch b;
    while (b.count() < max_burst && bucket_.ready()) {
        Packet* p = input(0).pull();
        if (!p) break;
        bucket_.consume(p->length());
        b.append(p);
    }
    return b;
}

bool RatedUnqueue::run_task(Task*) {
    if (!active_) return false;
    // Nothing upstream: the notifier wakes the task when a packet arrives.
    if (!signal_.active()) return false;
    int64_t now = Timestamp::now_steady().ns;
    bucket_.refill(now);
    PacketBatch b;
    if (bucket_.ready()) b = pull_allowed();
    bool worked = !b.empty();
    count_ += b.count();
    if (worked) output(0).push_batch(b);
    if (bucket_.ready())
        task_.fast_reschedule();
    else if (int64_t wait = bucket_.wait_ns(); wait >= 0)
        timer_.schedule_at(Timestamp{now + wait});  // sleep until the next token
    return worked;
}

void RatedUnqueue::run_timer(Timer*) {
    if (active_) task_.reschedule();
}

std::string RatedUnqueue::rate_text() const {
    return std::to_string(rate_) + (bandwidth() ? "Bps\n" : "\n");
}

void RatedUnqueue::add_handlers() {
    add_read_handler("rate", [this](Element*) { return rate_text(); });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        uint64_t rate;
        if (bandwidth()) {
            Bandwidth b;
            if (!parse_value(v, b, why)) return errh->error("rate: " + why);
            rate = TokenBucket::round_rate(b.bytes_per_sec);
        } else {
            uint32_t r;
            if (!parse_value(v, r, why)) return errh->error("rate: " + why);
            rate = r;
        }
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(rate);
        if (active_) task_.reschedule();
        return 0;
    });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool a;
        if (!parse_value(v, a, why)) return errh->error("active: " + why);
        active_ = a;
        if (active_) task_.reschedule();
        return 0;
    });
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            count_ = 0;
            return 0;
        },
        HANDLER_BUTTON);
    add_task_handlers(&task_);
}

CLICKOS_ELEMENT(RatedUnqueue);

}  // namespace clickos
