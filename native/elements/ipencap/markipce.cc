#include "markipce.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"
#include "ipencap/tos_update.hh"

namespace clickos {

int MarkIPCE::configure(Args& args) {
    return args.read_p("FORCE", force_).complete();
}

Packet* MarkIPCE::action(Packet* p) {
    IPHeaderRef r;
    if (!locate_ip_header(p, r) || ((r.h.tos & 3) == 0 && !force_)) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if ((r.h.tos & 3) == 3) return p;
    if (!(p = p->uniqueify())) return nullptr;
    rewrite_tos(r.bytes(p), uint8_t(r.h.tos | 3));
    return p;
}

void MarkIPCE::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(MarkIPCE);

}  // namespace clickos
