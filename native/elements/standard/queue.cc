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
    ring_.assign(capacity_ + 1, nullptr);
    head_ = tail_ = 0;
    size_ = 0;
    empty_note_.set_active(false);
    full_note_.set_active(true);
    return 0;
}

void Queue::cleanup(CleanupStage) {
    while (size_ > 0) dequeue()->kill();
}

void* Queue::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return &empty_note_;
    if (std::strcmp(name, ActiveNotifier::full_name) == 0) return &full_note_;
    return Element::cast(name);
}

void Queue::push_batch(int, PacketBatch& b) {
    uint32_t room = capacity_ - size_;
    while (Packet* p = b.pop_front()) {
        if (room > 0) {
            enqueue(p);
            --room;
        } else {
            ++drops_;
            p->kill();
        }
    }
    if (size_ > 0) after_enqueue();
}

PacketBatch Queue::pull_batch(int, unsigned max) {
    PacketBatch b;
    while (size_ > 0 && b.count() < max) b.append(dequeue());
    if (!b.empty()) after_dequeue();
    return b;
}

int Queue::set_capacity(uint32_t c, ErrorHandler* errh) {
    if (c == 0 || c > (1u << 26)) return errh->error("capacity: expected 1 to 67108864");
    std::vector<Packet*> kept;
    while (size_ > 0) {
        Packet* p = dequeue();
        if (kept.size() < c)
            kept.push_back(p);
        else {
            ++drops_;
            p->kill();
        }
    }
    capacity_ = c;
    ring_.assign(c + 1, nullptr);
    head_ = tail_ = 0;
    for (Packet* p : kept) enqueue(p);
    empty_note_.set_active(size_ > 0);
    full_note_.set_active(size_ < capacity_);
    return 0;
}

void Queue::take_state(Element* old, ErrorHandler*) {
    auto* o = static_cast<Queue*>(old);
    while (o->size_ > 0) {
        Packet* p = o->dequeue();
        if (size_ < capacity_)
            enqueue(p);
        else {
            ++drops_;
            p->kill();
        }
    }
    o->after_dequeue();
    if (size_ > 0) after_enqueue();
    drops_ += o->drops_;
    highwater_ = std::max(highwater_, o->highwater_);
}

void Queue::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(size_) + "\n"; });
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
            highwater_ = size_;
            return 0;
        },
        HANDLER_BUTTON);
    add_write_handler(
        "reset",
        [this](const std::string&, Element*, ErrorHandler*) {
            while (size_ > 0) dequeue()->kill();
            after_dequeue();
            return 0;
        },
        HANDLER_BUTTON);
}

CLICKOS_ELEMENT(Queue);

}  // namespace clickos
