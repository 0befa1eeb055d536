#include "rewriter_pattern.hh"

#include "clickos/addresses.hh"
#include "clickos/args.hh"

namespace clickos::nat {

namespace {

bool parse_port(std::string_view s, uint32_t min, uint16_t& port) {
    uint32_t v;
    std::string why;
    if (s.empty() || !parse_value(s, v, why) || v < min || v > 65535) return false;
    port = uint16_t(v);
    return true;
}

bool parse_address(const std::string& s, uint32_t& addr) {
    IPAddress a;
    if (!IPAddress::parse(s, a)) return false;
    addr = a.addr;
    return true;
}

}  // namespace

bool RewritePattern::parse(const std::vector<std::string>& words, RewritePattern& out, std::string& why) {
    RewritePattern p;
    if (words.size() != 4) {
        why = "expected 'SADDR SPORT DADDR DPORT'";
        return false;
    }
    const std::string &saddr = words[0], &sport = words[1], &daddr = words[2], &dport = words[3];

    if (saddr != "-" && !(p.set_saddr_ = parse_address(saddr, p.saddr_))) {
        why = "bad source address '" + saddr + "'";
        return false;
    }

    if (sport != "-") {
        std::string_view s = sport;
        bool suffix = false;
        if (s.back() == '#') {
            p.sequential_ = true, p.same_first_ = false, suffix = true;
        } else if (s.back() == '?') {
            p.same_first_ = false, suffix = true;
        }
        if (suffix) s.remove_suffix(1);
        size_t dash = s.find('-');
        bool ok;
        if (dash == std::string_view::npos) {
            // A single port takes no suffix: there is nothing to allocate.
            ok = !suffix && parse_port(s, 1, p.sport_);
        } else {
            uint16_t hi = 0;
            ok = parse_port(s.substr(0, dash), 0, p.sport_) && parse_port(s.substr(dash + 1), 0, hi) && hi >= p.sport_;
            p.variation_ = ok ? uint32_t(hi - p.sport_) : 0;
            p.range_ = true;
        }
        if (!ok) {
            why = "bad source port '" + sport + "'";
            return false;
        }
        p.set_sport_ = true;
    }

    if (daddr != "-" && !(p.set_daddr_ = parse_address(daddr, p.daddr_))) {
        why = "bad destination address '" + daddr + "'";
        return false;
    }
    if (dport != "-" && !(p.set_dport_ = parse_port(dport, 1, p.dport_))) {
        why = "bad destination port '" + dport + "'";
        return false;
    }
    out = p;
    return true;
}

bool RewritePattern::parse_addresses(const std::vector<std::string>& words, RewritePattern& out, std::string& why) {
    RewritePattern p;
    p.kind_ = Kind::addresses;
    if (words.size() != 2) {
        why = "expected 'SADDR DADDR'";
        return false;
    }
    const std::string &saddr = words[0], &daddr = words[1];
    if (saddr != "-") {
        std::string_view s = saddr;
        if (s.size() > 1 && s.back() == '#') {
            p.sequential_ = true;
            s.remove_suffix(1);
        }
        p.same_first_ = false;  // addresses are handed out, never kept
        size_t dash = s.find('-'), slash = s.find('/');
        uint32_t lo = 0, hi = 0;
        bool ok;
        if (dash != std::string_view::npos) {
            uint32_t a = 0, b = 0;
            ok = parse_address(std::string(s.substr(0, dash)), a) && parse_address(std::string(s.substr(dash + 1)), b);
            lo = ntohl(a), hi = ntohl(b);
            ok = ok && lo <= hi;
            p.range_ = true;
        } else if (slash != std::string_view::npos) {
            IPPrefix prefix;
            ok = IPPrefix::parse(s, prefix);
            if (ok) {
                uint32_t mask = ntohl(prefix.mask.addr), net = ntohl(prefix.addr.addr) & mask;
                lo = net, hi = net | ~mask;
                if (hi - lo >= 3) ++lo, --hi;  // the network and broadcast addresses are not handed out
            }
            p.range_ = true;
        } else {
            uint32_t a = 0;
            ok = !p.sequential_ && parse_address(std::string(s), a);
            lo = hi = ntohl(a);
        }
        if (!ok) {
            why = "bad source address '" + saddr + "'";
            return false;
        }
        p.set_saddr_ = true;
        p.saddr_ = htonl(lo);
        p.saddr_low_ = lo;
        p.variation_ = hi - lo;
    }
    if (daddr != "-" && !(p.set_daddr_ = parse_address(daddr, p.daddr_))) {
        why = "bad destination address '" + daddr + "'";
        return false;
    }
    out = p;
    return true;
}

std::string RewritePattern::unparse() const {
    if (kind_ == Kind::addresses) {
        std::string s = "-";
        if (set_saddr_) {
            s = IPAddress{htonl(saddr_low_)}.str();
            if (range_) s += "-" + IPAddress{htonl(saddr_low_ + variation_)}.str();
            if (sequential_) s += '#';
        }
        return s + " " + (set_daddr_ ? IPAddress{daddr_}.str() : "-");
    }
    std::string s = set_saddr_ ? IPAddress{saddr_}.str() : "-";
    s += ' ';
    if (!set_sport_)
        s += '-';
    else if (range_)
        s += std::to_string(sport_) + "-" + std::to_string(sport_ + variation_);
    else
        s += std::to_string(sport_);
    s += ' ';
    s += set_daddr_ ? IPAddress{daddr_}.str() : "-";
    s += ' ';
    s += set_dport_ ? std::to_string(dport_) : "-";
    return s;
}

}  // namespace clickos::nat
