#include "shaper.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Shaper::configure(Args& args) {
    uint32_t rate = 0;
    if (args.read_mp("RATE", rate).complete() < 0) return -1;
    set_rate(rate);
    return 0;
}

void Shaper::set_rate(uint32_t rate) {
    rate_ = rate;
    bucket_.configure(rate, rate ? 1 : 0);
}

int Shaper::initialize(ErrorHandler*) {
    bucket_.reset(Timestamp::now_steady().ns);
    sleeper_.initialize(this, 0);
    return 0;
}

void* Shaper::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return sleeper_.notifier();
    return Element::cast(name);
}

Packet* Shaper::pull(int) {
    int64_t now = Timestamp::now_steady().ns;
    bucket_.refill(now);
    if (!bucket_.ready()) {
        int64_t wait = bucket_.wait_ns();
        if (wait < 0)
            sleeper_.sleep();  // a zero rate: until the rate handler changes it
        else
            sleeper_.sleep_until(Timestamp{now + wait});
        return nullptr;
    }
    Packet* p = input(0).pull();
    if (!p) {
        sleeper_.input_empty();
        return nullptr;
    }
    bucket_.consume(1);
    return p;
}

void Shaper::add_handlers() {
    add_read_handler("rate", [this](Element*) { return std::to_string(rate_) + "\n"; });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t r;
        std::string why;
        if (!parse_value(v, r, why)) return errh->error("rate: " + why);
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(r);
        sleeper_.wake();
        return 0;
    });
}

CLICKOS_ELEMENT(Shaper);

}  // namespace clickos
