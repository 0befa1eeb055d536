#include "ipsecespunencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "esp.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int IPsecESPUnencap::configure(Args& args) {
    if (args.read("BLOCK_SIZE", block_).read("REPLAY_WINDOW", window_).complete() < 0) return -1;
    if (block_ < 4 || block_ > 64 || block_ % 4) return args.error("BLOCK_SIZE must be a multiple of 4 from 4 to 64");
    if (window_ > 64) return args.error("REPLAY_WINDOW must be at most 64");
    return 0;
}

Packet* IPsecESPUnencap::refuse(Packet* p) {
    ++drops_;
    checked_output_push(1, p);
    return nullptr;
}

bool IPsecESPUnencap::replay_ok(uint32_t seq) {
    if (seq == 0) return false;
    if (seq > last_seq_) {
        uint32_t shift = seq - last_seq_;
        seen_ = shift >= 64 ? 0 : seen_ << shift;
        seen_ |= 1;
        last_seq_ = seq;
        return true;
    }
    uint32_t age = last_seq_ - seq;
    if (age >= window_ || (seen_ >> age) & 1) return false;
    seen_ |= uint64_t(1) << age;
    return true;
}

Packet* IPsecESPUnencap::action(Packet* p) {
    uint32_t front = esp::header_length + block_;
    uint32_t len = p->length();
    if (len < front + 2 || (len - esp::header_length - block_) % block_) return refuse(p);
    const uint8_t* d = p->data();
    uint32_t pad = d[len - 2];
    uint8_t next = d[len - 1];
    if (pad + 2 > len - front) return refuse(p);
    const uint8_t* padding = d + len - 2 - pad;
    for (uint32_t i = 0; i < pad; ++i)
        if (padding[i] != uint8_t(i + 1)) return refuse(p);
    if (window_ && !replay_ok(load_be32(d + 4))) {
        ++replays_;
        return refuse(p);
    }
    p->pull(front);
    p->take(pad + 2);
    p->clear_headers();
    IPHeaderRef r;
    if (next == 4 && locate_ip_header(p, r)) p->set_network_header(p->data(), r.hlen);
    return p;
}

void IPsecESPUnencap::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("replays", [this](Element*) { return std::to_string(replays_) + "\n"; });
}

CLICKOS_ELEMENT(IPsecESPUnencap);

}  // namespace clickos
