#include "clickos/args.hh"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "clickos/address_names.hh"
#include "clickos/element.hh"
#include "clickos/float_ops.hh"
#include "lang/config_args.hh"

namespace clickos {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Integers: decimal, 0x hex, leading-0 octal, optional sign.
bool parse_integer(std::string_view s, bool is_signed, __int128& out, std::string& why) {
    s = trim(s);
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    if (s.empty()) {
        why = "expected integer";
        return false;
    }
    __int128 v = 0;
    for (char c : s) {
        int d = std::isdigit(static_cast<unsigned char>(c))    ? c - '0'
                : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                               : 99;
        if (d >= base) {
            why = "expected integer";
            return false;
        }
        v = v * base + d;
        if (v > (__int128(1) << 70)) {
            why = "integer out of range";
            return false;
        }
    }
    if (neg && !is_signed) {
        why = "expected unsigned integer";
        return false;
    }
    out = neg ? -v : v;
    return true;
}

template <typename T>
bool parse_int_type(std::string_view s, T& v, std::string& why) {
    __int128 x;
    if (!parse_integer(s, std::is_signed_v<T>, x, why)) return false;
    if (x < __int128(std::numeric_limits<T>::min()) || x > __int128(std::numeric_limits<T>::max())) {
        why = "integer out of range (" + std::to_string(std::numeric_limits<T>::min()) + " to " +
              std::to_string(std::numeric_limits<T>::max()) + ")";
        return false;
    }
    v = T(x);
    return true;
}

// An uppercase keyword followed by whitespace or the end.
bool keyword_of(const std::string& arg, std::string& kw, std::string& value) {
    return lang::split_keyword(arg, kw, value);
}

}  // namespace

bool parse_value(std::string_view s, bool& v, std::string& why) {
    std::string t = lower(trim(s));
    if (t == "true" || t == "yes" || t == "1") {
        v = true;
        return true;
    }
    if (t == "false" || t == "no" || t == "0") {
        v = false;
        return true;
    }
    why = "expected boolean (true/false)";
    return false;
}
bool parse_value(std::string_view s, int32_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}
bool parse_value(std::string_view s, uint32_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}
bool parse_value(std::string_view s, int64_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}
bool parse_value(std::string_view s, uint64_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}
bool parse_value(std::string_view s, uint16_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}
bool parse_value(std::string_view s, uint8_t& v, std::string& why) {
    return parse_int_type(s, v, why);
}

bool parse_value(std::string_view s, double& v, std::string& why) {
    std::string t(trim(s));
    if (t.empty()) {
        why = "expected real number";
        return false;
    }
    char* end = nullptr;
    errno = 0;
    v = std::strtod(t.c_str(), &end);
    if (*end != '\0' || errno == ERANGE || !std::isfinite(v)) {
        why = "expected real number";
        return false;
    }
    return true;
}

bool parse_value(std::string_view s, std::string& v, std::string&) {
    v = unquote(trim(s));
    return true;
}

bool parse_value(std::string_view s, Word& v, std::string& why) {
    std::string t = unquote(trim(s));
    if (t.empty() || t.find_first_of(" \t\n\r") != std::string::npos) {
        why = "expected one word";
        return false;
    }
    v.text = t;
    return true;
}

bool parse_value(std::string_view s, RawArg& v, std::string&) {
    v.text = std::string(trim(s));
    return true;
}

// Addresses: a literal, or a name an AddressInfo element defines (address_names.hh).
bool parse_value(std::string_view s, IPAddress& v, std::string& why) {
    s = trim(s);
    if (IPAddress::parse(s, v)) return true;
    why.clear();
    if (resolve_address_name(s, v, why)) return true;
    if (why.empty()) why = "expected IP address";
    return false;
}

bool parse_value(std::string_view s, IPPrefix& v, std::string& why) {
    s = trim(s);
    if (IPPrefix::parse(s, v)) return true;
    why.clear();
    if (resolve_address_name(s, v, why)) return true;
    if (why.empty()) why = "expected IP prefix (ADDR/LEN)";
    return false;
}

bool parse_value(std::string_view s, EtherAddress& v, std::string& why) {
    s = trim(s);
    if (EtherAddress::parse(s, v)) return true;
    why.clear();
    if (resolve_address_name(s, v, why)) return true;
    if (why.empty()) why = "expected Ethernet address";
    return false;
}

bool parse_value(std::string_view s, Seconds& v, std::string& why) {
    std::string t(trim(s));
    size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.' || t[i] == '-' ||
                            t[i] == '+' || t[i] == 'e' || t[i] == 'E'))
        ++i;
    // 'e' may start a unit? No unit starts with e; a trailing "e" without digits is invalid.
    double x;
    std::string num = t.substr(0, i);
    std::string unit = lower(trim(std::string_view(t).substr(i)));
    if (!parse_value(num, x, why) || x < 0) {
        why = "expected time (for example 1.5s, 10ms, 250us)";
        return false;
    }
    double scale;
    if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs")
        scale = 1;
    else if (unit == "ms" || unit == "msec")
        scale = 1e-3;
    else if (unit == "us" || unit == "usec")
        scale = 1e-6;
    else if (unit == "ns" || unit == "nsec")
        scale = 1e-9;
    else if (unit == "m" || unit == "min")
        scale = 60;
    else if (unit == "h" || unit == "hr")
        scale = 3600;
    else if (unit == "d" || unit == "day")
        scale = 86400;
    else {
        why = "unknown time unit '" + unit + "'";
        return false;
    }
    double ns = x * scale * 1e9;
    if (ns > 9.2e18) {
        why = "time too large";
        return false;
    }
    v.value = Timestamp{round_to_int64(ns)};
    return true;
}

bool parse_value(std::string_view s, Bandwidth& v, std::string& why) {
    std::string t(trim(s));
    size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
    double x;
    if (!parse_value(t.substr(0, i), x, why)) {
        why = "expected bandwidth (for example 10Mbps, 1MBps)";
        return false;
    }
    std::string unit = t.substr(i);
    double mult = 1;
    if (!unit.empty() && (unit[0] == 'k' || unit[0] == 'K'))
        mult = 1e3, unit.erase(0, 1);
    else if (!unit.empty() && unit[0] == 'M')
        mult = 1e6, unit.erase(0, 1);
    else if (!unit.empty() && unit[0] == 'G')
        mult = 1e9, unit.erase(0, 1);
    if (unit.empty() || unit == "Bps" || unit == "B/s")
        v.bytes_per_sec = x * mult;
    else if (unit == "bps" || unit == "b/s")
        v.bytes_per_sec = x * mult / 8;
    else {
        why = "unknown bandwidth unit '" + unit + "' (use bps or Bps)";
        return false;
    }
    return true;
}

bool parse_value(std::string_view s, AnnoOffset& v, std::string& why) {
    std::string t(trim(s));
    static const struct {
        const char* name;
        size_t offset;
    } names[] = {{"DST_IP", anno::dst_ip},         {"PAINT", anno::paint},
                 {"VLAN_TCI", anno::vlan_tci},     {"AGGREGATE", anno::aggregate},
                 {"FIX_IP_SRC", anno::fix_ip_src}, {"ICMP_PARAMPROB", anno::icmp_paramprob},
                 {"FWD_RATE", anno::fwd_rate},     {"REV_RATE", anno::rev_rate}};
    for (const auto& n : names)
        if (t == n.name) {
            v.offset = n.offset;
            return true;
        }
    uint32_t off;
    if (parse_value(t, off, why) && off < anno::size) {
        v.offset = off;
        return true;
    }
    why = "expected annotation name (PAINT, DST_IP, ...) or offset below " + std::to_string(anno::size);
    return false;
}

std::vector<std::string> split_args(const std::string& config) {
    std::vector<std::string> out;
    for (auto& a : lang::split_config_args(config, Location{})) out.push_back(a.text);
    return out;
}

std::string unquote(std::string_view s) {
    return lang::unquote(s);
}
std::string quote(std::string_view s) {
    return lang::quote_if_needed(s);
}

Args::Args(const std::string& config, const Location& start, Element* element, ErrorHandler* errh)
    : element_(element), errh_(errh), start_(start) {
    for (auto& a : lang::split_config_args(config, start)) args_.push_back({"", a.text, a.loc});
}

Args::Args(std::vector<std::string> args, Element* element, ErrorHandler* errh) : element_(element), errh_(errh) {
    for (auto& a : args) args_.push_back({"", std::move(a), Location{}});
}

int Args::error(const std::string& message) const {
    return errh_->error(message);
}

int Args::error_at(const Arg& arg, const std::string& message) const {
    return errh_->error_at(arg.loc, message);
}

bool Args::given(const char* keyword) const {
    for (const auto& s : slots_)
        if (s.keyword == keyword) return s.given;
    return false;
}

int Args::complete() {
    int before = errh_->nerrors();
    // Problems are reported in the order of the arguments, after matching.
    std::vector<std::pair<size_t, std::string>> problems;
    auto problem = [&](const Arg& a, std::string message) {
        problems.push_back({size_t(&a - args_.data()), std::move(message)});
    };
    // 1. Which arguments are keywords: those whose leading uppercase word names a slot.
    for (auto& a : args_) {
        std::string kw, value;
        if (!keyword_of(a.value, kw, value)) continue;
        for (const auto& s : slots_)
            if (s.keyword == kw) {
                a.keyword = kw;
                a.value = value;
                break;
            }
    }
    // 2. Keyword arguments go to their slots.
    for (auto& a : args_) {
        if (a.keyword.empty()) continue;
        for (auto& s : slots_) {
            if (s.keyword != a.keyword) continue;
            if (s.given && !s.repeated) {
                problem(a, a.keyword + ": given more than once");
                a.used = true;
                break;
            }
            std::string why;
            if (!s.parse(a.value, why)) problem(a, a.keyword + ": " + why);
            s.given = true;
            a.used = true;
            break;
        }
    }
    // 3. Positional arguments fill the positional slots in order.
    size_t next = 0;
    for (auto& a : args_) {
        if (!a.keyword.empty()) continue;
        while (next < slots_.size() && (!slots_[next].positional || slots_[next].given)) ++next;
        if (next >= slots_.size()) break;
        Slot& s = slots_[next];
        std::string why;
        if (!s.parse(a.value, why)) problem(a, s.keyword + ": " + why);
        s.given = true;
        a.used = true;
    }
    // 4. Leftovers.
    for (auto& a : args_) {
        if (a.used) continue;
        if (rest_) {
            rest_->push_back(a.value);
            a.used = true;
            continue;
        }
        std::string kw, value;
        if (keyword_of(a.value, kw, value) && !kw.empty())
            problem(a, "unknown keyword '" + kw + "'");
        else
            problem(a, "too many arguments: '" + a.value + "' is not expected here");
    }
    std::stable_sort(problems.begin(), problems.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [index, message] : problems) error_at(args_[index], message);
    for (const auto& s : slots_)
        if (s.mandatory && !s.given) error("missing mandatory " + s.keyword + " argument");
    return errh_->nerrors() > before ? -1 : 0;
}

}  // namespace clickos
