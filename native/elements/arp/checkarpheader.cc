#include "checkarpheader.hh"

#include <algorithm>
#include <cstdio>

#include "arp_header.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

namespace {
constexpr uint32_t kFixedLength = 8;  // hrd, pro, hln, pln, op
const char* const kReasonTexts[CheckARPHeader::NumReasons] = {
    "packet too short for the fixed ARP header",
    "packet too short for the addresses",
    "Ethernet hardware type with a hardware address length other than 6",
    "IPv4 protocol type with a protocol address length other than 4",
};
}  // namespace

int CheckARPHeader::configure(Args& args) {
    return args.read_p("OFFSET", offset_).read("VERBOSE", verbose_).read("DETAILS", details_).complete();
}

bool CheckARPHeader::bad(Reason reason) {
    if (drops_ == 0 || verbose_) {
        // On the stack: bad packets may arrive at line rate with VERBOSE.
        char buf[256];
        int n = std::snprintf(buf, sizeof buf, "%s :: CheckARPHeader: ARP header check failed: %s\n", name().c_str(),
                              kReasonTexts[reason]);
        if (n > 0) platform::write_stderr(std::string_view(buf, std::min(size_t(n), sizeof buf - 1)));
    }
    ++drops_;
    ++by_reason_[reason];
    return false;
}

bool CheckARPHeader::process(Packet*& p) {
    uint32_t len = p->length();
    if (len < kFixedLength || len - kFixedLength < offset_) return bad(TooShort);
    const uint8_t* h = p->data() + offset_;
    uint32_t hrd = uint32_t(h[0]) << 8 | h[1], pro = uint32_t(h[2]) << 8 | h[3];
    uint32_t hln = h[4], pln = h[5];
    uint32_t whole = kFixedLength + 2 * hln + 2 * pln;
    if (len - offset_ < whole) return bad(BadLength);
    if (hrd == ARP_HRD_ETHERNET && hln != 6) return bad(BadHardware);
    if (pro == ETHERTYPE_IP && pln != 4) return bad(BadProtocol);
    p->set_network_header(h, whole);
    return true;
}

void CheckARPHeader::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    if (!details_) return;
    add_read_handler("drop_details", [this](Element*) {
        std::string s;
        for (int i = 0; i < NumReasons; ++i) s += std::to_string(by_reason_[i]) + "\t" + kReasonTexts[i] + "\n";
        return s;
    });
}

CLICKOS_ELEMENT(CheckARPHeader);

}  // namespace clickos
