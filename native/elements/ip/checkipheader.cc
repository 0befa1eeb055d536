#include "checkipheader.hh"

#include "clickos/element_class.hh"
#include "header_access.hh"
#include "lang/config_args.hh"

namespace clickos {

namespace {
const char* const reason_texts[CheckIPHeader::NREASONS] = {"tiny packet",   "bad IP version",  "bad IP header length",
                                                           "bad IP length", "bad IP checksum", "bad source address"};
}

CheckIPHeader::CheckIPHeader(bool checksum_default)
    : checksum_(checksum_default), drops_("IP", reason_texts, NREASONS) {}

int CheckIPHeader::configure(Args& args) {
    InterfaceList interfaces;
    IPAddressList badsrc, gooddst;
    bool verbose = false, details = false;
    std::vector<std::string> positional;
    if (args.read("INTERFACES", interfaces)
            .read("BADSRC", badsrc)
            .read("GOODDST", gooddst)
            .read("OFFSET", offset_)
            .read("VERBOSE", verbose)
            .read("DETAILS", details)
            .read("CHECKSUM", checksum_)
            .read_rest(positional)
            .complete() < 0)
        return -1;
    bad_src_ = interfaces.bad_src;
    good_dst_ = interfaces.good_dst;
    if (args.given("BADSRC")) bad_src_.addrs.insert(bad_src_.addrs.end(), badsrc.addrs.begin(), badsrc.addrs.end());
    if (args.given("GOODDST"))
        good_dst_.addrs.insert(good_dst_.addrs.end(), gooddst.addrs.begin(), gooddst.addrs.end());
    if (parse_positional(args) < 0) return -1;
    drops_.set_verbose(verbose);
    drops_.set_details(details);
    return 0;
}

// Positional arguments: `OFFSET` (the current syntax) or the deprecated `BADSRC2, OFFSET`.
// They were left to read_rest so that a lone integer can be told from an address list;
// their locations come from args.args() for the error messages.
int CheckIPHeader::parse_positional(Args& args) {
    std::vector<const Args::Arg*> pos;
    for (const auto& a : args.args())
        if (a.keyword.empty()) pos.push_back(&a);
    int errors = 0;
    for (const Args::Arg* a : pos) {
        std::string kw, rest;
        if (lang::split_keyword(a->value, kw, rest)) errors += args.error_at(*a, "unknown keyword '" + kw + "'") < 0;
    }
    if (errors) return -1;
    std::string why;
    if (pos.empty()) return 0;
    if (pos.size() == 1 && parse_value(pos[0]->value, offset_, why)) return 0;
    if (pos.size() > 2)
        return args.error_at(*pos[2], "too many arguments: '" + pos[2]->value + "' is not expected here");
    IPAddressList old;
    if (!parse_value(pos[0]->value, old, why)) return args.error_at(*pos[0], "BADSRC2: " + why);
    bad_src_.addrs.insert(bad_src_.addrs.end(), old.addrs.begin(), old.addrs.end());
    bad_src_.addrs.push_back(0);
    bad_src_.addrs.push_back(0xffffffffu);
    if (pos.size() == 2 && !parse_value(pos[1]->value, offset_, why)) return args.error_at(*pos[1], "OFFSET: " + why);
    return 0;
}

bool CheckIPHeader::process(Packet*& p) {
    uint32_t len = p->length();
    if (offset_ > len || len - offset_ < sizeof(click_ip)) return reject(TINY_PACKET);
    uint32_t avail = len - offset_;
    const uint8_t* at = p->data() + offset_;
    click_ip iph;
    std::memcpy(&iph, at, sizeof iph);
    if (iph.version() != 4) return reject(BAD_VERSION);
    uint32_t hlen = iph.header_length();
    if (hlen < sizeof(click_ip)) return reject(BAD_HLEN);
    uint32_t ip_len = ntohs(iph.len);
    if (ip_len > avail || ip_len < hlen) return reject(BAD_IP_LEN);
    if (checksum_ && internet_checksum(at, hlen) != 0) return reject(BAD_CHECKSUM);
    if (!bad_src_.addrs.empty() && bad_src_.contains(iph.src) && !good_dst_.contains(iph.dst)) return reject(BAD_SADDR);
    p->set_network_header(at, hlen);
    if (avail > ip_len) p->take(avail - ip_len);  // link-layer padding
    p->set_dst_ip_anno(iph.dst);
    return true;
}

void CheckIPHeader::add_handlers() {
    drops_.add_handlers(this);
}

CLICKOS_ELEMENT(CheckIPHeader);

}  // namespace clickos
