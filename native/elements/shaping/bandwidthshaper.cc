#include "bandwidthshaper.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr int64_t burst_ns = 20'000'000;
}  // namespace

int BandwidthShaper::configure(Args& args) {
    Bandwidth rate;
    if (args.read_mp("RATE", rate).complete() < 0) return -1;
    set_rate(TokenBucket::round_rate(rate.bytes_per_sec));
    return 0;
}

void BandwidthShaper::set_rate(uint64_t rate) {
    rate_ = rate;
    bucket_.configure(rate, TokenBucket::capacity_for(rate, burst_ns));
}

int BandwidthShaper::initialize(ErrorHandler*) {
    bucket_.reset(Timestamp::now_steady().ns);
    sleeper_.initialize(this, 0);
    return 0;
}

void* BandwidthShaper::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return sleeper_.notifier();
    return Element::cast(name);
}

bool BandwidthShaper::may_send(int64_t now) {
    bucket_.refill(now);
    if (bucket_.ready()) return true;
    int64_t wait = bucket_.wait_ns();
    if (wait < 0)
        sleeper_.sleep();  // a zero rate: until the rate handler changes it
    else
        sleeper_.sleep_until(Timestamp{now + wait});
    return false;
}

Packet* BandwidthShaper::pull(int) {
    if (!may_send(Timestamp::now_steady().ns)) return nullptr;
    Packet* p = input(0).pull();
    if (!p) {
        sleeper_.input_empty();
        return nullptr;
    }
    bucket_.consume(p->length());
    return p;
}

PacketBatch BandwidthShaper::pull_batch(int, unsigned max) {
    PacketBatch b;
    int64_t now = Timestamp::now_steady().ns;
    // Sizes are known only after pulling: one at a time while credit lasts.
    while (b.count() < max && may_send(now)) {
        Packet* p = input(0).pull();
        if (!p) {
            sleeper_.input_empty();
            break;
        }
        bucket_.consume(p->length());
        b.append(p);
    }
    return b;
}

void BandwidthShaper::add_handlers() {
    add_read_handler("rate", [this](Element*) { return std::to_string(rate_) + "Bps\n"; });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Bandwidth b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("rate: " + why);
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(TokenBucket::round_rate(b.bytes_per_sec));
        sleeper_.wake();
        return 0;
    });
}

CLICKOS_ELEMENT(BandwidthShaper);

}  // namespace clickos
