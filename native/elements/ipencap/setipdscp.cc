#include "setipdscp.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"
#include "ipencap/tos_update.hh"

namespace clickos {

namespace {
struct DSCPArg {
    uint8_t value = 0;
};
bool parse_value(std::string_view s, DSCPArg& v, std::string& why) {
    uint8_t x;
    if (!clickos::parse_value(s, x, why) || x > 63) {
        why = "expected DSCP value (0 to 63)";
        return false;
    }
    v.value = x;
    return true;
}
}  // namespace

int SetIPDSCP::configure(Args& args) {
    DSCPArg d;
    if (args.read_mp("DSCP", d).complete() < 0) return -1;
    dscp_ = d.value;
    return 0;
}

Packet* SetIPDSCP::action(Packet* p) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r)) return p;
    uint8_t tos = uint8_t((dscp_ << 2) | (r.h.tos & 3));
    if (tos == r.h.tos) return p;
    if (!(p = p->uniqueify())) return nullptr;
    rewrite_tos(r.bytes(p), tos);
    return p;
}

void SetIPDSCP::add_handlers() {
    add_read_handler("dscp", [this](Element*) { return std::to_string(dscp_) + "\n"; });
    add_write_handler("dscp", [this](const std::string& v, Element*, ErrorHandler* errh) {
        DSCPArg d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("dscp: " + why);
        dscp_ = d.value;
        return 0;
    });
}

CLICKOS_ELEMENT(SetIPDSCP);

}  // namespace clickos
