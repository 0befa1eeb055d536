#include "ipinputcombo.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

IPInputCombo::IPInputCombo() : drops_("IP", ip::ip_header_fault_texts, ip::NFAULTS) {}

int IPInputCombo::configure(Args& args) {
    InterfaceList interfaces;
    IPAddressList badsrc, gooddst;
    bool verbose = false, details = false;
    if (args.read_mp("COLOR", color_)
            .read_p("BADSRC", badsrc)
            .read("INTERFACES", interfaces)
            .read("GOODDST", gooddst)
            .read("VERBOSE", verbose)
            .read("DETAILS", details)
            .complete() < 0)
        return -1;
    check_.bad_src = interfaces.bad_src;
    check_.good_dst = interfaces.good_dst;
    auto& bad = check_.bad_src.addrs;
    bad.insert(bad.end(), badsrc.addrs.begin(), badsrc.addrs.end());
    check_.good_dst.addrs.insert(check_.good_dst.addrs.end(), gooddst.addrs.begin(), gooddst.addrs.end());
    int positional = 0;
    for (const auto& a : args.args()) positional += a.keyword.empty();
    if (positional >= 2) {  // BADSRC given positionally: CheckIPHeader's BADSRC2
        bad.push_back(0);
        bad.push_back(0xffffffffu);
    }
    drops_.set_verbose(verbose);
    drops_.set_details(details);
    return 0;
}

void IPInputCombo::add_handlers() {
    drops_.add_handlers(this);
    add_read_handler("color", [this](Element*) { return std::to_string(color_) + "\n"; });
    add_write_handler("color", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint8_t c;
        std::string why;
        if (!parse_value(v, c, why)) return errh->error("color: " + why);
        color_ = c;
        return 0;
    });
}

CLICKOS_ELEMENT(IPInputCombo);

}  // namespace clickos
