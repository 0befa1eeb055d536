#include "addressinfo.hh"

#include <cctype>
#include <vector>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool valid_name(const std::string& n) {
    if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
    for (char c : n)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '@'))
            return false;
    return true;
}

// "fe80::1", "2001:db8:0:0:0:0:0:1" (a malformed Ethernet address has at most 5 colons).
bool looks_like_ip6(const std::string& w) {
    size_t colons = 0;
    for (char c : w) colons += c == ':';
    if (w.find("::") == std::string::npos && colons != 7) return false;
    for (char c : w)
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '/')) return false;
    return true;
}

}  // namespace

int AddressInfo::configure(Args& args) {
    int before = args.errh()->nerrors();
    for (const Args::Arg& a : args.args()) {
        std::vector<std::string> words = words_of(a.value);
        if (words.empty()) continue;  // an empty argument defines nothing
        const std::string& name = words[0];
        if (words.size() < 2) {
            args.error_at(a, "expected 'NAME ADDRESS [ADDRESS...]', found '" + a.value + "'");
            continue;
        }
        if (!valid_name(name)) {
            args.error_at(a,
                          "'" + name + "' is not a valid name (letters, digits, _ - . @; not starting with a digit)");
            continue;
        }
        AddressDefinition d;
        bool ok = true;
        auto twice = [&](const char* what) {
            args.error_at(a, name + ": more than one " + std::string(what));
            ok = false;
        };
        for (size_t i = 1; i < words.size() && ok; ++i) {
            const std::string& w = words[i];
            IPAddress ip;
            IPPrefix prefix;
            EtherAddress eth;
            if (IPAddress::parse(w, ip)) {
                if (d.has_ip) twice("IP address");
                d.has_ip = true;
                d.ip = ip;
            } else if (w.find('/') != std::string::npos && IPPrefix::parse(w, prefix)) {
                if (d.has_prefix) twice("IP prefix");
                IPAddress written;
                IPAddress::parse(std::string_view(w).substr(0, w.find('/')), written);
                if (d.has_ip && !(d.ip == written)) twice("IP address");
                d.has_prefix = d.has_ip = true;
                d.prefix = prefix;
                d.ip = written;
            } else if (EtherAddress::parse(w, eth)) {
                if (d.has_ether) twice("Ethernet address");
                d.has_ether = true;
                d.ether = eth;
            } else if (looks_like_ip6(w)) {
                args.error_at(a, name + ": IPv6 addresses are not supported yet ('" + w + "')");
                ok = false;
            } else {
                args.error_at(a, name + ": expected IP address, IP prefix or Ethernet address, found '" + w + "'");
                ok = false;
            }
        }
        if (!ok) continue;
        if (names_.count(name)) {
            args.error_at(a, "'" + name + "' is defined more than once");
            continue;
        }
        names_.emplace(name, d);
    }
    std::vector<std::string> all;  // every argument was handled above
    if (args.read_rest(all).complete() < 0 || args.errh()->nerrors() > before) return -1;
    return 0;
}

void* AddressInfo::cast(const char* name) {
    if (std::string_view(name) == address_name_table_cast) return static_cast<AddressNameTable*>(this);
    return Element::cast(name);
}

const AddressDefinition* AddressInfo::find_address_name(std::string_view name) const {
    auto it = names_.find(name);
    return it == names_.end() ? nullptr : &it->second;
}

CLICKOS_ELEMENT(AddressInfo);

}  // namespace clickos
