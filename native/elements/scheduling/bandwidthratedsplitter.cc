#include "bandwidthratedsplitter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int BandwidthRatedSplitter::configure(Args& args) {
    Bandwidth bw;
    Seconds burst{Timestamp{burst_ns_}};
    uint64_t burst_bytes = 0;
    if (args.read_mp("RATE", bw).read("BURST_DURATION", burst).read("BURST_BYTES", burst_bytes).complete() < 0)
        return -1;
    if (args.given("BURST_DURATION") && args.given("BURST_BYTES"))
        return args.error("BURST_DURATION and BURST_BYTES are mutually exclusive");
    if (args.given("BURST_BYTES") && burst_bytes == 0) return args.error("BURST_BYTES must be at least 1");
    burst_ns_ = burst.value.ns;
    burst_bytes_ = burst_bytes;
    set_rate(TokenBucket::round_rate(bw.bytes_per_sec));
    return 0;
}

void BandwidthRatedSplitter::set_rate(uint64_t rate) {
    rate_ = rate;
    uint64_t capacity = burst_bytes_ ? burst_bytes_ : TokenBucket::capacity_for(rate, burst_ns_);
    bucket_.configure(rate, rate ? capacity : 0);
}

int BandwidthRatedSplitter::initialize(ErrorHandler*) {
    bucket_.reset(Timestamp::now_steady().ns);
    return 0;
}

void BandwidthRatedSplitter::push(int, Packet* p) {
    bucket_.refill(Timestamp::now_steady().ns);
    output(conforms(p) ? 0 : 1).push(p);
}

void BandwidthRatedSplitter::push_batch(int, PacketBatch& b) {
    bucket_.refill(Timestamp::now_steady().ns);
    PacketBatch ok, over;
    while (Packet* p = b.pop_front()) (conforms(p) ? ok : over).append(p);
    if (!ok.empty()) output(0).push_batch(ok);
    if (!over.empty()) output(1).push_batch(over);
}

void BandwidthRatedSplitter::add_handlers() {
    add_read_handler("rate", [this](Element*) { return std::to_string(rate_) + "Bps\n"; });
    add_write_handler("rate", [this](const std::string& v, Element*, ErrorHandler* errh) {
        Bandwidth b;
        std::string why;
        if (!parse_value(v, b, why)) return errh->error("rate: " + why);
        bucket_.refill(Timestamp::now_steady().ns);
        set_rate(TokenBucket::round_rate(b.bytes_per_sec));
        return 0;
    });
}

CLICKOS_ELEMENT(BandwidthRatedSplitter);

}  // namespace clickos
