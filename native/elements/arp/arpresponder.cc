#include "arpresponder.hh"

#include <algorithm>

#include "arp_header.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> w;
    size_t i = 0;
    while (i < s.size()) {
        i = s.find_first_not_of(" \t\r\n", i);
        if (i == std::string::npos) break;
        size_t e = s.find_first_of(" \t\r\n", i);
        w.push_back(s.substr(i, e == std::string::npos ? std::string::npos : e - i));
        i = e == std::string::npos ? s.size() : e;
    }
    return w;
}

std::string entry_str(uint32_t addr, uint32_t mask) {
    IPPrefix p;
    p.addr.addr = addr;
    p.mask.addr = mask;
    return p.str();
}

}  // namespace

std::string ARPResponder::parse_entry(const std::string& text, std::vector<Entry>& out) {
    std::vector<IPPrefix> nets;
    EtherAddress eth, named_eth;
    int neth = 0;
    bool have_named_eth = false;
    for (const std::string& w : words_of(text)) {
        IPPrefix p;
        if (IPPrefix::parse(w, p)) {
            nets.push_back(p);
        } else if (EtherAddress::parse(w, eth)) {
            ++neth;
        } else {
            // An AddressInfo name may give both: its IP address (preferred to its prefix,
            // as in Click) and its Ethernet address.
            IPAddress a;
            std::string why;
            bool any = false;
            if (parse_value(w, a, why)) {
                nets.push_back(IPPrefix{a, IPAddress{0xffffffffu}});
                any = true;
            } else if (parse_value(w, p, why)) {
                nets.push_back(p);
                any = true;
            }
            if (!have_named_eth && parse_value(w, named_eth, why)) {
                have_named_eth = true;  // used only when no Ethernet address is written
                any = true;
            }
            if (!any) return "bad IP/MASK or ETH '" + w + "'";
        }
    }
    if (neth == 0 && have_named_eth) {
        eth = named_eth;
        neth = 1;
    }
    if (nets.empty() || neth != 1) return "expected IP/MASK [IP/MASK...] ETH";
    for (const IPPrefix& p : nets) out.push_back({p.addr.addr, p.mask.addr, eth});
    return "";
}

void ARPResponder::insert(const std::vector<Entry>& add) {
    for (const Entry& n : add) {
        auto same = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const Entry& e) { return e.addr == n.addr && e.mask == n.mask; });
        if (same != entries_.end()) {
            same->eth = n.eth;
            continue;
        }
        // After the entries at least as specific, so equally specific ones keep their order.
        int bits = __builtin_popcount(n.mask);
        auto at = std::find_if(entries_.begin(), entries_.end(),
                               [&](const Entry& e) { return __builtin_popcount(e.mask) < bits; });
        entries_.insert(at, n);
    }
}

int ARPResponder::configure(Args& args) {
    std::vector<std::string> rest;
    if (args.read_rest(rest).complete() < 0) return -1;
    int errors = 0;
    std::vector<Entry> all;
    for (const auto& a : args.args()) {
        std::string why = parse_entry(a.value, all);
        if (!why.empty()) {
            args.error_at(a, "bad entry '" + a.value + "': " + why);
            ++errors;
        }
    }
    if (errors) return -1;
    insert(all);
    return 0;
}

Packet* ARPResponder::respond(Packet* p) {
    ArpHeader req;
    const EtherAddress* eth = nullptr;
    if (read_ether_arp(p, req) && ntohs(req.op) == ARP_OP_REQUEST) eth = lookup(req.target_ip());
    if (!eth) {
        checked_output_push(1, p);
        return nullptr;
    }
    // The request becomes the reply: its buffer is reused and its annotations kept.
    if (!(p = p->uniqueify())) return nullptr;
    p->take(p->length() - ARP_FRAME_LENGTH);
    write_ether_arp(p->mutable_data(), req.sha, eth->bytes, ARP_OP_REPLY, eth->bytes, req.target_ip(), req.sha,
                    req.sender_ip());
    p->set_mac_header(p->data());
    return p;
}

void ARPResponder::add_handlers() {
    add_read_handler("table", [this](Element*) {
        std::string s;
        for (const Entry& e : entries_) s += entry_str(e.addr, e.mask) + " " + e.eth.str() + "\n";
        return s;
    });
    // Click's lookup takes its address as a read parameter; here it is written first.
    add_write_handler("lookup", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("lookup: expected IP address, found '" + v + "'");
        const EtherAddress* e = lookup(a.addr);
        lookup_result_ = e ? e->str() : std::string();
        return 0;
    });
    add_read_handler("lookup", [this](Element*) { return lookup_result_.empty() ? "" : lookup_result_ + "\n"; });
    add_write_handler("add", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::vector<Entry> add;
        std::string why = parse_entry(v, add);
        if (!why.empty()) return errh->error("add: bad entry '" + v + "': " + why);
        insert(add);
        return 0;
    });
    add_write_handler("remove", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPPrefix p;
        std::string why;
        if (!parse_value(v, p, why)) return errh->error("remove: expected IP/MASK, found '" + v + "'");
        auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const Entry& e) { return e.addr == p.addr.addr && e.mask == p.mask.addr; });
        if (it == entries_.end()) return errh->error("remove: no entry for " + p.str());
        entries_.erase(it);
        return 0;
    });
}

CLICKOS_ELEMENT(ARPResponder);

}  // namespace clickos
