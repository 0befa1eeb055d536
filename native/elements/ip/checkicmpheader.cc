#include "checkicmpheader.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "header_access.hh"

namespace clickos {

namespace {
const char* const reason_texts[CheckICMPHeader::NREASONS] = {"not ICMP", "bad packet length", "bad ICMP checksum"};

constexpr uint8_t ICMP_IREQ = 15, ICMP_IREQREPLY = 16;
constexpr long icmp_error_min = 8 + 20 + 8;  // header, offending IP header, 64 bits of its data
constexpr long icmp_tstamp_len = 8 + 12;     // header, three 32-bit timestamps
}  // namespace

CheckICMPHeader::CheckICMPHeader() : drops_("ICMP", reason_texts, NREASONS) {}

int CheckICMPHeader::configure(Args& args) {
    bool verbose = false, details = false;
    if (args.read("VERBOSE", verbose).read("DETAILS", details).complete() < 0) return -1;
    drops_.set_verbose(verbose);
    drops_.set_details(details);
    return 0;
}

bool CheckICMPHeader::process(Packet*& p) {
    if (!p->has_network_header()) return reject(NOT_ICMP);
    click_ip iph;
    if (!ip::read_ip_header(p, iph)) return reject(BAD_LENGTH);
    if (iph.p != IP_PROTO_ICMP) return reject(NOT_ICMP);
    const uint8_t* ih = p->transport_header();
    long len = ip::bytes_after(p, ih);
    if (len < long(sizeof(click_icmp))) return reject(BAD_LENGTH);
    switch (ih[0]) {
        case ICMP_UNREACH:
        case ICMP_SOURCEQUENCH:
        case ICMP_REDIRECT:
        case ICMP_TIMXCEED:
        case ICMP_PARAMPROB:
            if (len < icmp_error_min) return reject(BAD_LENGTH);
            break;
        case ICMP_TSTAMP:
        case ICMP_TSTAMPREPLY:
            if (len != icmp_tstamp_len) return reject(BAD_LENGTH);
            break;
        case ICMP_IREQ:
        case ICMP_IREQREPLY:
            if (len != long(sizeof(click_icmp))) return reject(BAD_LENGTH);
            break;
        default: break;
    }
    if (internet_checksum(ih, size_t(len)) != 0) return reject(BAD_CHECKSUM);
    return true;
}

CLICKOS_ELEMENT(CheckICMPHeader);

}  // namespace clickos
