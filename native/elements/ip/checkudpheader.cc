#include "checkudpheader.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

namespace {
const char* const reason_texts[CheckUDPHeader::NREASONS] = {"not UDP", "bad packet length", "bad UDP checksum"};
}

CheckUDPHeader::CheckUDPHeader() : drops_("UDP", reason_texts, NREASONS) {}

int CheckUDPHeader::configure(Args& args) {
    bool verbose = false, details = false;
    if (args.read("VERBOSE", verbose).read("DETAILS", details).complete() < 0) return -1;
    drops_.set_verbose(verbose);
    drops_.set_details(details);
    return 0;
}

bool CheckUDPHeader::process(Packet*& p) {
    if (!p->has_network_header()) return reject(NOT_UDP);
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return reject(BAD_LENGTH);
    if (iph.p != IP_PROTO_UDP) return reject(NOT_UDP);
    const uint8_t* uh = p->transport_header();
    if (!ip::in_packet(p, uh, sizeof(click_udp))) return reject(BAD_LENGTH);
    click_udp udph;
    std::memcpy(&udph, uh, sizeof udph);
    uint32_t len = ntohs(udph.len);
    if (len < sizeof(click_udp) || !ip::in_packet(p, uh, len)) return reject(BAD_LENGTH);
    if (udph.sum != 0) {
        uint32_t sum = checksum_partial(uh, len, pseudo_header_sum(iph.src, iph.dst, IP_PROTO_UDP, uint16_t(len)));
        if (uint16_t(~sum) != 0) return reject(BAD_CHECKSUM);
    }
    return true;
}

CLICKOS_ELEMENT(CheckUDPHeader);

}  // namespace clickos
