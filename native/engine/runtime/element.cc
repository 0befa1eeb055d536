#include "clickos/element.hh"

#include "clickos/args.hh"
#include "clickos/task.hh"

namespace clickos {

Element::Element() = default;
Element::~Element() = default;

int Element::configure(Args& args) {
    return args.complete();
}
int Element::initialize(ErrorHandler*) {
    return 0;
}
void Element::cleanup(CleanupStage) {}
void Element::add_handlers() {}
void Element::take_state(Element*, ErrorHandler*) {}
void* Element::cast(const char* name) {
    return std::string_view(name) == class_name() ? this : nullptr;
}

void Element::push(int, Packet* p) {
    if ((p = simple_action(p))) output(0).push(p);
}

Packet* Element::pull(int) {
    Packet* p = input(0).pull();
    return p ? simple_action(p) : nullptr;
}

Packet* Element::simple_action(Packet* p) {
    return p;
}

void Element::push_batch(int port, PacketBatch& batch) {
    for (Packet* p = batch.first(); p;) {
        Packet* n = p->next();
        p->set_next(nullptr);
        push(port, p);
        p = n;
    }
    batch.clear();
}

PacketBatch Element::pull_batch(int port, unsigned max) {
    PacketBatch b;
    while (b.count() < max) {
        Packet* p = pull(port);
        if (!p) break;
        b.append(p);
    }
    return b;
}

bool Element::run_task(Task*) {
    return false;
}
void Element::run_timer(Timer*) {}
void Element::selected(int, int) {}

void Element::add_read_handler(const std::string& name, ReadHandler h, int flags) {
    for (auto& x : handlers_)
        if (x.name == name) {
            x.read = std::move(h);
            x.flags |= flags;
            return;
        }
    handlers_.push_back({name, std::move(h), nullptr, flags});
}

void Element::add_write_handler(const std::string& name, WriteHandler h, int flags) {
    for (auto& x : handlers_)
        if (x.name == name) {
            x.write = std::move(h);
            x.flags |= flags;
            return;
        }
    handlers_.push_back({name, nullptr, std::move(h), flags});
}

void Element::add_task_handlers(Task* task, const std::string& prefix) {
    add_read_handler(prefix + "scheduled",
                     [task](Element*) { return std::string(task->scheduled() ? "true\n" : "false\n"); });
    add_read_handler(prefix + "tickets", [task](Element*) { return std::to_string(task->tickets()) + "\n"; });
    add_write_handler(prefix + "tickets", [task](const std::string& v, Element*, ErrorHandler* errh) {
        int32_t t;
        std::string why;
        if (!parse_value(v, t, why) || t < 1) return errh->error("tickets: expected a positive integer");
        task->set_tickets(t);
        return 0;
    });
}

}  // namespace clickos
