#include "decipttl.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

int DecIPTTL::configure(Args& args) {
    return args.read("ACTIVE", active_).read("MULTICAST", multicast_).complete();
}

bool DecIPTTL::process(Packet*& p) {
    if (!active_) return true;
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) {
        ++drops_;
        return false;
    }
    if (!multicast_ && (ntohl(iph.dst) >> 28) == 0xe) return true;
    if (iph.ttl <= 1) {
        ++drops_;
        return false;
    }
    if (!(p = p->uniqueify())) return false;
    uint8_t* h = p->mutable_network_header();
    // TTL and protocol share a 16-bit word; patch the checksum for that word's change.
    constexpr size_t ttl_word = offsetof(click_ip, ttl);
    uint16_t old_word = ip::load<uint16_t>(h + ttl_word);
    h[ttl_word] = uint8_t(iph.ttl - 1);
    uint16_t new_word = ip::load<uint16_t>(h + ttl_word);
    uint16_t sum = checksum_adjust(iph.sum, old_word, new_word);
    std::memcpy(h + offsetof(click_ip, sum), &sum, 2);
    return true;
}

void DecIPTTL::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("active", [this](Element*) { return std::string(active_ ? "true\n" : "false\n"); });
    add_write_handler("active", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        bool b;
        if (!parse_value(v, b, why)) return errh->error("active: " + why);
        active_ = b;
        return 0;
    });
}

CLICKOS_ELEMENT(DecIPTTL);

}  // namespace clickos
