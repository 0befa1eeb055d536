#include "checkipheader.hh"

#include "clickos/element_class.hh"
#include "header_access.hh"
#include "lang/config_args.hh"

namespace clickos {

namespace ip {
const char* const ip_header_fault_texts[NFAULTS] = {"tiny packet",   "bad IP version",  "bad IP header length",
                                                    "bad IP length", "bad IP checksum", "bad source address"};
}

CheckIPHeader::CheckIPHeader(bool checksum_default) : drops_("IP", ip::ip_header_fault_texts, NREASONS) {
    check_.checksum = checksum_default;
}

int CheckIPHeader::configure(Args& args) {
    InterfaceList interfaces;
    IPAddressList badsrc, gooddst;
    bool verbose = false, details = false;
    std::vector<std::string> positional;
    if (args.read("INTERFACES", interfaces)
            .read("BADSRC", badsrc)
            .read("GOODDST", gooddst)
            .read("OFFSET", check_.offset)
            .read("VERBOSE", verbose)
            .read("DETAILS", details)
            .read("CHECKSUM", check_.checksum)
            .read_rest(positional)
            .complete() < 0)
        return -1;
    check_.bad_src = interfaces.bad_src;
    check_.good_dst = interfaces.good_dst;
    if (args.given("BADSRC"))
        check_.bad_src.addrs.insert(check_.bad_src.addrs.end(), badsrc.addrs.begin(), badsrc.addrs.end());
    if (args.given("GOODDST"))
        check_.good_dst.addrs.insert(check_.good_dst.addrs.end(), gooddst.addrs.begin(), gooddst.addrs.end());
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
    if (pos.size() == 1 && parse_value(pos[0]->value, check_.offset, why)) return 0;
    if (pos.size() > 2)
        return args.error_at(*pos[2], "too many arguments: '" + pos[2]->value + "' is not expected here");
    IPAddressList old;
    if (!parse_value(pos[0]->value, old, why)) return args.error_at(*pos[0], "BADSRC2: " + why);
    auto& bad = check_.bad_src.addrs;
    bad.insert(bad.end(), old.addrs.begin(), old.addrs.end());
    bad.push_back(0);
    bad.push_back(0xffffffffu);
    if (pos.size() == 2 && !parse_value(pos[1]->value, check_.offset, why))
        return args.error_at(*pos[1], "OFFSET: " + why);
    return 0;
}

bool CheckIPHeader::process(Packet*& p) {
    int fault = check_.apply(p);
    return fault < 0 || reject(Reason(fault));
}

void CheckIPHeader::add_handlers() {
    drops_.add_handlers(this);
}

CLICKOS_ELEMENT(CheckIPHeader);

}  // namespace clickos
