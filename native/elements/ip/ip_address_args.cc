#include "ip_address_args.hh"

#include "lang/config_args.hh"

namespace clickos {

bool parse_value(std::string_view s, IPAddressList& v, std::string& why) {
    IPAddressList out;
    for (const std::string& w : lang::split_words(s)) {
        IPAddress a;
        if (!parse_value(w, a, why)) {
            why = "expected space-separated IP addresses, found '" + w + "'";
            return false;
        }
        out.addrs.push_back(a.addr);
    }
    v = std::move(out);
    return true;
}

bool parse_value(std::string_view s, InterfaceList& v, std::string& why) {
    InterfaceList out;
    for (const std::string& w : lang::split_words(s)) {
        // The address before the slash is the interface's own (IPPrefix masks it away).
        IPAddress own;
        IPPrefix net;
        std::string_view addr = std::string_view(w).substr(0, w.find('/'));
        if (!parse_value(addr, own, why) || !parse_value(w, net, why)) {
            why = "expected space-separated ADDR/PREFIX interface addresses, found '" + w + "'";
            return false;
        }
        out.bad_src.addrs.push_back(net.addr.addr | ~net.mask.addr);
        out.good_dst.addrs.push_back(own.addr);
    }
    out.bad_src.addrs.push_back(0);
    out.bad_src.addrs.push_back(0xffffffffu);
    v = std::move(out);
    return true;
}

}  // namespace clickos
