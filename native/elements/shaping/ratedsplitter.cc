#include "ratedsplitter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int RatedSplitter::configure(Args& args) {
    uint32_t rate = 0, burst_size = 0;
    Seconds burst{Timestamp{burst_ns_}};
    if (args.read_mp("RATE", rate).read("BURST_DURATION", burst).read("BURST_SIZE", burst_size).complete() < 0)
        return -1;
    if (args.given("BURST_DURATION") && args.given("BURST_SIZE"))
        return args.error("BURST_DURATION and BURST_SIZE are mutually exclusive");
    if (args.given("BURST_SIZE") && burst_size == 0) return args.error("BURST_SIZE must be at least 1");
    burst_ns_ = burst.value.ns;
    burst_size_ = burst_size;
    set_rate(rate);
    return 0;
}

void RatedSplitter::set_rate(uint32_t rate) {
    rate_ = rate;
    uint64_t capacity = burst_size_ ? burst_size_ : TokenBucket::capacity_for(rate, burst_ns_);
    bucket_.configure(rate, rate ? capacity : 0);
}

int RatedSplitter::initialize(ErrorHandler*) {
    bucket_.reset(Timestamp::now_steady().ns);
    return 0;
}

void RatedSplitter::push(int, Packet* p) {
    bucket_.refill(Timestamp::now_steady().ns);
    if (bucket_.ready()) {
        bucket_.consume(1);
        output(0).push(p);
    } else {
        output(1).push(p);
    }
}

void RatedSplitter::push_batch(int, PacketBatch& b) {
    bucket_.refill(Timestamp::now_steady().ns);
    // The first `allowed` packets conform; the batch is cut there.
    uint64_t allowed = std::min<uint64_t>(bucket_.tokens(), b.count());
    bucket_.consume(allowed);
    PacketBatch conforming;
    for (uint64_t i = 0; i < allowed; ++i) conforming.append(b.pop_front());
    if (!conforming.empty()) output(0).push_batch(conforming);
    if (!b.empty()) output(1).push_batch(b);
}

void RatedSplitter::add_handlers() {
    add_read_handler("rate", [this](Element*) { return std::to_string(rate_) + "\n"; });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t r;
        std::string why;
        if (!parse_value(v, r, why)) return errh->error("rate: " + why);
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(r);
        return 0;
    });
}

CLICKOS_ELEMENT(RatedSplitter);

}  // namespace clickos
