#include "unstrip.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "packet_copy.hh"

namespace clickos {

namespace {
constexpr uint32_t max_length = 65535;
}

int Unstrip::configure(Args& args) {
    if (args.read_mp("LENGTH", length_).complete() < 0) return -1;
    if (length_ > max_length) return args.error("LENGTH must be at most 65535");
    return 0;
}

Packet* Unstrip::unstrip_copy(Packet* p) {
    uint32_t missing = length_ > p->headroom() ? length_ - p->headroom() : 0;
    Packet* q = copy_packet(p, missing);
    return q ? q->push(length_) : nullptr;
}

void Unstrip::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t n;
        std::string why;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        if (n > max_length) return errh->error("length: must be at most 65535");
        length_ = n;
        return 0;
    });
}

CLICKOS_ELEMENT(Unstrip);

}  // namespace clickos
