#include "timesortedsched.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int TimeSortedSched::configure(Args& args) {
    return args.read("STOP", stop_).complete();
}

int TimeSortedSched::initialize(ErrorHandler*) {
    held_.assign(size_t(ninputs()), nullptr);
    watch_.initialize(this);
    return 0;
}

void TimeSortedSched::cleanup(CleanupStage) {
    for (Packet*& p : held_)
        if (p) {
            p->kill();
            p = nullptr;
        }
}

void* TimeSortedSched::cast(const char* name) {
    if (std::strcmp(name, ActiveNotifier::empty_name) == 0) return watch_.notifier();
    return Element::cast(name);
}

Packet* TimeSortedSched::pull(int) {
    int best = -1;
    for (int i = 0; i < ninputs(); ++i) {
        Packet*& h = held_[size_t(i)];
        if (!h && watch_.signal(i).active()) h = input(i).pull();
        if (h && (best < 0 || h->timestamp_anno() < held_[size_t(best)]->timestamp_anno())) best = i;
    }
    if (best < 0) {
        if (!watch_.any_input_active()) {
            watch_.sleep();
            if (stop_) router()->please_stop();
        }
        return nullptr;
    }
    Packet* p = held_[size_t(best)];
    held_[size_t(best)] = nullptr;
    return p;
}

void TimeSortedSched::add_handlers() {
    add_read_handler("stop", [this](Element*) { return std::string(stop_ ? "true\n" : "false\n"); });
    add_write_handler("stop", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool s;
        if (!parse_value(v, s, why)) return errh->error("stop: " + why);
        stop_ = s;
        return 0;
    });
}

CLICKOS_ELEMENT(TimeSortedSched);

}  // namespace clickos
