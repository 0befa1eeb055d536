#include "checktcpheader.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

namespace {
const char* const reason_texts[CheckTCPHeader::NREASONS] = {"not TCP", "bad packet length", "bad TCP checksum"};
}

CheckTCPHeader::CheckTCPHeader() : drops_("TCP", reason_texts, NREASONS) {}

int CheckTCPHeader::configure(Args& args) {
    bool verbose = false, details = false;
    if (args.read("VERBOSE", verbose).read("DETAILS", details).complete() < 0) return -1;
    drops_.set_verbose(verbose);
    drops_.set_details(details);
    return 0;
}

bool CheckTCPHeader::process(Packet*& p) {
    if (!p->has_network_header()) return reject(NOT_TCP);
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return reject(BAD_LENGTH);
    if (iph.p != IP_PROTO_TCP) return reject(NOT_TCP);
    uint32_t ip_len = ntohs(iph.len), hlen = iph.header_length();
    if (ip_len < hlen) return reject(BAD_LENGTH);
    uint32_t len = ip_len - hlen;  // the segment: TCP header and data
    const uint8_t* th = p->transport_header();
    if (len < sizeof(click_tcp) || !ip::in_packet(p, th, len)) return reject(BAD_LENGTH);
    uint32_t th_len = uint32_t(th[offsetof(click_tcp, off)] >> 4) * 4;
    if (th_len < sizeof(click_tcp) || th_len > len) return reject(BAD_LENGTH);
    uint32_t sum = checksum_partial(th, len, pseudo_header_sum(iph.src, iph.dst, IP_PROTO_TCP, uint16_t(len)));
    if (uint16_t(~sum) != 0) return reject(BAD_CHECKSUM);
    return true;
}

CLICKOS_ELEMENT(CheckTCPHeader);

}  // namespace clickos
