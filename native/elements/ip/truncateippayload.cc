#include "truncateippayload.hh"

#include <algorithm>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

int TruncateIPPayload::configure(Args& args) {
    return args.read_p("LENGTH", length_)
        .read_p("TRANSPORT", transport_)
        .read("EXTRA_LENGTH", extra_length_)
        .complete();
}

// Offset from the data start where the payload begins (0 for packets that are not IP).
uint32_t TruncateIPPayload::payload_offset(const Packet* p) const {
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return 0;
    long after_net = ip::bytes_after(p, p->network_header());
    uint32_t net_off = uint32_t(p->network_header_offset());
    // The IP header ends where the annotations say (its IHL when marked by CheckIPHeader).
    long ip_len = long(p->network_header_length());
    if (ip_len < long(sizeof(click_ip)) || ip_len > after_net) ip_len = std::min<long>(iph.header_length(), after_net);
    uint32_t off = net_off + uint32_t(ip_len);
    if (!transport_ || !ip::is_first_fragment(iph)) return off;
    long left = after_net - ip_len;
    long th = 0;
    if (iph.p == IP_PROTO_TCP)
        th = left >= 13 ? long(p->network_header()[ip_len + 12] >> 4) * 4 : long(sizeof(click_tcp));
    else if (iph.p == IP_PROTO_UDP)
        th = sizeof(click_udp);
    else if (iph.p == IP_PROTO_ICMP)
        th = sizeof(click_icmp);
    return off + uint32_t(std::min(th, left));
}

void TruncateIPPayload::add_handlers() {
    add_read_handler("length", [this](Element*) { return std::to_string(length_) + "\n"; });
    add_write_handler("length", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        uint32_t n;
        if (!parse_value(v, n, why)) return errh->error("length: " + why);
        length_ = n;
        return 0;
    });
}

CLICKOS_ELEMENT(TruncateIPPayload);

}  // namespace clickos
