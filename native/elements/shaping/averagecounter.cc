#include "averagecounter.hh"

#include <cstdio>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int AverageCounter::configure(Args& args) {
    Seconds ignore;
    if (args.read_p("IGNORE", ignore).complete() < 0) return -1;
    ignore_ns_ = ignore.value.ns;
    return 0;
}

void AverageCounter::push_batch(int, PacketBatch& b) {
    uint64_t bytes = 0;
    for (Packet* p = b.first(); p; p = p->next()) bytes += p->length();
    record(Timestamp::now_steady().ns, b.count(), bytes);
    output(0).push_batch(b);
}

double AverageCounter::average(uint64_t amount) const {
    if (count_ == 0 || last_ <= start_) return 0;
    return double(amount) * 1e9 / double(last_ - start_);
}

void AverageCounter::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<AverageCounter*>(old);
    first_ = o->first_;
    start_ = o->start_;
    last_ = o->last_;
    count_ = o->count_;
    byte_count_ = o->byte_count_;
}

void AverageCounter::reset() {
    first_ = -1;
    start_ = last_ = 0;
    count_ = byte_count_ = 0;
}

void AverageCounter::add_handlers() {
    auto text = [](double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.12g\n", v);
        return std::string(buf);
    };
    add_read_handler("count", [this](Element*) { return std::to_string(count_) + "\n"; });
    add_read_handler("byte_count", [this](Element*) { return std::to_string(byte_count_) + "\n"; });
    add_read_handler("rate", [this, text](Element*) { return text(average(count_)); });
    add_read_handler("byte_rate", [this, text](Element*) { return text(average(byte_count_)); });
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            reset();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(AverageCounter);

}  // namespace clickos
