#include "setipecn.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_args.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int SetIPECN::configure(Args& args) {
    ECNArg ecn;
    if (args.read_mp("ECN", ecn).complete() < 0) return -1;
    ecn_ = ecn.value;
    return 0;
}

Packet* SetIPECN::action(Packet* p) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r) || (r.h.tos & 3) == ecn_) return p;
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* ip = r.bytes(p);
    // The checksum covers the 16-bit word holding version/length and TOS.
    uint16_t old_word, new_word, sum;
    std::memcpy(&old_word, ip, 2);
    ip[1] = uint8_t((ip[1] & ~3) | ecn_);
    std::memcpy(&new_word, ip, 2);
    std::memcpy(&sum, ip + 10, 2);
    sum = checksum_adjust(sum, old_word, new_word);
    std::memcpy(ip + 10, &sum, 2);
    return p;
}

void SetIPECN::add_handlers() {
    add_read_handler("ecn", [this](Element*) { return std::to_string(ecn_) + "\n"; });
    add_write_handler("ecn", [this](const std::string& v, Element*, ErrorHandler* errh) {
        ECNArg e;
        std::string why;
        if (!parse_value(v, e, why)) return errh->error("ecn: " + why);
        ecn_ = e.value;
        return 0;
    });
}

CLICKOS_ELEMENT(SetIPECN);
CLICKOS_ELEMENT_ALIAS(SetECN, SetIPECN);

}  // namespace clickos
