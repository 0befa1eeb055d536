#include "delayshaper.hh"

#include <cstring>
#include <limits>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int DelayShaper::configure(Args& args) {
    Seconds delay;
    if (args.read_mp("DELAY", delay).complete() < 0) return -1;
    delay_ = delay.value;
    return 0;
}

int DelayShaper::initialize(ErrorHandler*) {
    sleeper_.initialize(this, 0);
    return 0;
}

void DelayShaper::cleanup(CleanupStage) {
    if (held_) held_->kill();
    held_ = nullptr;
}

void* DelayShaper::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return sleeper_.notifier();
    return Element::cast(name);
}

Packet* DelayShaper::next_due(Timestamp now) {
    if (!held_) {
        held_ = input(0).pull();
        if (!held_) {
            sleeper_.input_empty();
            return nullptr;
        }
    }
    // Saturate: a garbage timestamp must not overflow into the past.
    constexpr int64_t max = std::numeric_limits<int64_t>::max();
    int64_t stamp = held_->timestamp_anno().ns;
    int64_t due = stamp > max - delay_.ns ? max : stamp + delay_.ns;
    if (due <= now.ns) {
        Packet* p = held_;
        held_ = nullptr;
        p->set_timestamp_anno(now);
        return p;
    }
    int64_t steady = Timestamp::now_steady().ns;
    int64_t wait = std::min(due - now.ns, max - steady);
    sleeper_.sleep_until(Timestamp{steady + wait});
    return nullptr;
}

Packet* DelayShaper::pull(int) {
    return next_due(Timestamp::now());
}

PacketBatch DelayShaper::pull_batch(int, unsigned max) {
    PacketBatch b;
    Timestamp now = Timestamp::now();
    while (b.count() < max) {
        Packet* p = next_due(now);
        if (!p) break;
        b.append(p);
    }
    return b;
}

void DelayShaper::add_handlers() {
    add_read_handler("delay", [this](Element*) { return delay_.str() + "\n"; });
    add_write_handler("delay", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Seconds d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("delay: " + why);
        delay_ = d.value;
        sleeper_.wake();  // the held packet may be due earlier now
        return 0;
    });
}

CLICKOS_ELEMENT(DelayShaper);

}  // namespace clickos
