#include "simplequeue.hh"

#include <algorithm>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int SimpleQueue::configure(Args& args) {
    uint32_t capacity = 1000;
    if (args.read_p("CAPACITY", capacity).complete() < 0) return -1;
    if (capacity == 0) return args.error("CAPACITY must be at least 1");
    if (capacity > max_capacity) return args.error("CAPACITY too large (maximum 67108864)");
    capacity_ = capacity;
    return 0;
}

int SimpleQueue::initialize(ErrorHandler*) {
    ring_.reset(capacity_);
    return 0;
}

void SimpleQueue::cleanup(CleanupStage) {
    ring_.clear();
}

void SimpleQueue::drop(Packet* p) {
    ++drops_;
    // Dropped packets leave on output 1 when it exists (for accounting or a second queue).
    if (noutputs() > 1)
        output(1).push(p);
    else
        p->kill();
}

void SimpleQueue::push_batch(int, PacketBatch& b) {
    while (Packet* p = b.pop_front()) {
        if (!ring_.full())
            enqueue(p);
        else
            drop(p);
    }
}

PacketBatch SimpleQueue::pull_batch(int, unsigned max) {
    PacketBatch b;
    while (!ring_.empty() && b.count() < max) b.append(ring_.pop());
    return b;
}

void SimpleQueue::clear() {
    ring_.clear();
}

int SimpleQueue::set_capacity(uint32_t capacity, ErrorHandler* errh) {
    if (capacity == 0 || capacity > max_capacity) return errh->error("capacity: expected 1 to 67108864");
    // Keep the oldest packets that fit, in order; the rest count as drops.
    ring_.resize(capacity, [this](Packet* p) { drop(p); });
    capacity_ = capacity;
    return 0;
}

void SimpleQueue::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<SimpleQueue*>(old);
    while (!o->ring_.empty()) push(0, o->ring_.pop());
    drops_ += o->drops_;
    highwater_ = std::max(highwater_, o->highwater_);
}

void SimpleQueue::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(ring_.size()) + "\n"; });
    add_read_handler("highwater_length", [this](Element*) { return std::to_string(highwater_) + "\n"; });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("capacity", [this](Element*) { return std::to_string(capacity_) + "\n"; });
    add_write_handler("capacity", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t c;
        std::string why;
        if (!parse_value(v, c, why)) return errh->error("capacity: " + why);
        return set_capacity(c, errh);
    });
    add_write_handler(
        "reset_counts",
        [this](const std::string&, Element*, ErrorHandler*) {
            drops_ = 0;
            highwater_ = ring_.size();
            return 0;
        },
        HANDLER_BUTTON);
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            clear();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(SimpleQueue);

}  // namespace clickos
