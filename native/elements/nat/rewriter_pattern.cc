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

std::string RewritePattern::unparse() const {
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
