#include "linkunqueue.hh"

#include <algorithm>
#include <limits>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

int LinkUnqueue::configure(Args& args) {
    Seconds latency;
    Bandwidth bw;
    if (args.read_mp("LATENCY", latency).read_mp("BANDWIDTH", bw).complete() < 0) return -1;
    uint64_t rate = TokenBucket::round_rate(bw.bytes_per_sec);
    if (rate == 0) return args.error("BANDWIDTH must be positive");
    latency_ns_ = latency.value.ns;
    rate_ = rate;
    return 0;
}

int LinkUnqueue::initialize(ErrorHandler*) {
    transit_.assign(64, Transit{nullptr, 0});
    signal_ = router()->upstream_empty_signal(this, 0, &task_);
    timer_.initialize(this);
    task_.initialize(this, true);
    return 0;
}

void LinkUnqueue::clear() {
    while (size_ > 0) {
        transit_front().packet->kill();
        transit_pop();
    }
}

void LinkUnqueue::cleanup(CleanupStage) {
    clear();
}

void LinkUnqueue::transit_push(Packet* p, int64_t arrival) {
    if (size_ == transit_.size()) {
        // Grow, keeping the order; rare (the ring starts with room for 64 packets).
        std::vector<Transit> bigger(transit_.size() * 2, Transit{nullptr, 0});
        for (size_t i = 0; i < size_; ++i) bigger[i] = transit_[(head_ + i) % transit_.size()];
        transit_.swap(bigger);
        head_ = 0;
    }
    transit_[(head_ + size_) % transit_.size()] = Transit{p, arrival};
    ++size_;
}

bool LinkUnqueue::run_task(Task*) {
    bool worked = false;
    int64_t now = Timestamp::now_steady().ns;
    // Packets whose last byte has arrived at the far end.
    for (int n = 0; size_ > 0 && transit_front().arrival <= now && n < max_burst; ++n) {
        Packet* p = transit_front().packet;
        transit_pop();
        p->set_timestamp_anno(Timestamp::now());
        output(0).push(p);
        worked = true;
    }
    // New packets, while the link is free. A packet known to be waiting when the link
    // became free starts then, however late this task runs; others start now.
    bool polled_dry = false;
    for (int n = 0; link_free_ <= now && n < max_burst; ++n) {
        if (!signal_.active()) {
            backlogged_ = false;
            break;
        }
        Packet* p = input(0).pull();
        if (!p) {
            backlogged_ = false;
            polled_dry = true;
            break;
        }
        int64_t start = backlogged_ ? link_free_ : now;
        link_free_ = start + transmission_ns(p->length());
        constexpr int64_t max = std::numeric_limits<int64_t>::max();
        transit_push(p, link_free_ > max - latency_ns_ ? max : link_free_ + latency_ns_);
        // A notifier active now proves the next packet is already waiting (nobody else pulls
        // from this input), so it will start the moment the link is free; a source without
        // a notifier proves nothing, and its next packet starts when it is pulled.
        backlogged_ = signal_.active() && !signal_.always_active();
        worked = true;
    }
    // Sleep until the next arrival or the end of the transmission, whichever is first.
    int64_t wake = std::numeric_limits<int64_t>::max();
    if (size_ > 0) wake = transit_front().arrival;
    if (signal_.active() && link_free_ > now) wake = std::min(wake, link_free_);
    if ((size_ > 0 && transit_front().arrival <= now) || (link_free_ <= now && signal_.active() && !polled_dry))
        task_.fast_reschedule();  // more to do now (a burst was cut short)
    else if (polled_dry && signal_.active())
        task_.fast_reschedule();  // a source that must be polled
    else if (wake != std::numeric_limits<int64_t>::max())
        timer_.schedule_at(Timestamp{wake});
    return worked;
}

void LinkUnqueue::add_handlers() {
    add_read_handler("latency", [this](Element*) { return Timestamp{latency_ns_}.str() + "\n"; });
    add_read_handler("bandwidth", [this](Element*) { return std::to_string(rate_) + "Bps\n"; });
    add_read_handler("size", [this](Element*) { return std::to_string(size_) + "\n"; });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            clear();
            link_free_ = 0;
            backlogged_ = false;
            timer_.unschedule();
            task_.reschedule();
            return 0;
        },
        HANDLER_BUTTON);
    add_task_handlers(&task_);
}

CLICKOS_ELEMENT(LinkUnqueue);

}  // namespace clickos
