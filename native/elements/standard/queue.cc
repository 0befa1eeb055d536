#include "queue.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Queue::configure(Args& args) {
    uint32_t cap = 1000;
    if (args.read_p("CAPACITY", cap).complete() < 0) return -1;
    if (cap == 0) return args.error("CAPACITY must be at least 1");
    if (cap > (1u << 26)) return args.error("CAPACITY too large (maximum 67108864)");
    capacity_ = cap;
    return 0;
}

int Queue::initialize(ErrorHandler*) {
    ring_.reset(capacity_);
    empty_note_.set_active(false);
    full_note_.set_active(true);
    return 0;
}

void Queue::cleanup(CleanupStage) {
    ring_.clear();
}

void* Queue::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return &empty_note_;
    if (std::strcmp(name, ActiveNotifier::full_name) == 0) return &full_note_;
    return Element::cast(name);
}

void Queue::push_batch(int, PacketBatch& b) {
    while (Packet* p = b.pop_front()) {
        if (!ring_.full()) {
            ring_.push(p);
        } else {
            ++drops_;
            p->kill();
        }
    }
    if (!ring_.empty()) after_enqueue();
}

PacketBatch Queue::pull_batch(int, unsigned max) {
    PacketBatch b;
    while (!ring_.empty() && b.count() < max) b.append(ring_.pop());
    if (!b.empty()) after_dequeue();
    return b;
}

int Queue::set_capacity(uint32_t c, ErrorHandler* errh) {
    if (c == 0 || c > (1u << 26)) return errh->error("capacity: expected 1 to 67108864");
    ring_.resize(c, [this](Packet* p) {
        ++drops_;
        p->kill();
    });
    capacity_ = c;
    empty_note_.set_active(!ring_.empty());
    full_note_.set_active(!ring_.full());
    return 0;
}

void Queue::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<Queue*>(old);
    while (!o->ring_.empty()) {
        Packet* p = o->ring_.pop();
        if (!ring_.full())
            ring_.push(p);
        else {
            ++drops_;
            p->kill();
        }
    }
    o->after_dequeue();
    if (!ring_.empty()) after_enqueue();
    drops_ += o->drops_;
    highwater_ = std::max(highwater_, o->highwater_);
}

void Queue::add_handlers() {
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
            ring_.clear();
            after_dequeue();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(Queue);

}  // namespace clickos
