#include "clickos/address_names.hh"

#include <arpa/inet.h>

#include <cctype>

#include "clickos/element.hh"
#include "clickos/router.hh"

namespace clickos {

namespace {

thread_local const Element* current_scope = nullptr;
thread_local AddressNameIndex* current_index = nullptr;

enum class Kind { Any, IP, Prefix, Broadcast, Gateway, Ether, IP6, Unknown };

struct NameRef {
    std::string_view name;
    Kind kind = Kind::Any;
    std::string_view suffix;
};

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '@';
}

// "NAME" or "NAME:SUFFIX"; false if the text cannot be a name at all (so it is reported as
// a malformed literal instead).
bool split_name(std::string_view text, NameRef& ref) {
    size_t colon = text.find(':');
    ref.name = text.substr(0, colon);
    if (ref.name.empty() || !(std::isalpha(static_cast<unsigned char>(ref.name[0])) || ref.name[0] == '_'))
        return false;
    for (char c : ref.name)
        if (!name_char(c)) return false;
    if (colon == std::string_view::npos) return true;
    ref.suffix = text.substr(colon + 1);
    if (ref.suffix == "ip")
        ref.kind = Kind::IP;
    else if (ref.suffix == "ipnet" || ref.suffix == "net")
        ref.kind = Kind::Prefix;
    else if (ref.suffix == "bcast")
        ref.kind = Kind::Broadcast;
    else if (ref.suffix == "gw")
        ref.kind = Kind::Gateway;
    else if (ref.suffix == "eth")
        ref.kind = Kind::Ether;
    else if (ref.suffix == "ip6" || ref.suffix == "ip6net")
        ref.kind = Kind::IP6;
    else
        ref.kind = Kind::Unknown;
    return true;
}

std::string compound_of(const std::string& element_name) {
    size_t slash = element_name.rfind('/');
    return slash == std::string::npos ? std::string() : element_name.substr(0, slash);
}

// The innermost visible definition of `name`; `tables` counts the name tables visible.
const AddressDefinition* find_definition(std::string_view name, int& tables) {
    tables = 0;
    const Element* ctx = current_scope;
    if (!ctx || !ctx->router()) return nullptr;
    AddressNameIndex local;
    const auto& entries = (current_index ? current_index : &local)->entries(ctx);
    std::string scope = compound_of(ctx->name());
    for (;;) {
        for (const auto& entry : entries) {
            if (entry.compound != scope) continue;
            ++tables;
            if (const AddressDefinition* d = entry.table->find_address_name(name)) return d;
        }
        if (scope.empty()) return nullptr;
        scope = compound_of(scope);
    }
}

// The definition `text` names, or null with `why` set when it names one of the wrong kind
// (or left empty when it is no name at all).
const AddressDefinition* lookup(std::string_view text, NameRef& ref, const char* expected, std::string& why) {
    if (!split_name(text, ref)) return nullptr;
    int tables;
    const AddressDefinition* d = find_definition(ref.name, tables);
    std::string quoted = "'" + std::string(ref.name) + "'";
    if (!d) {
        if (tables > 0) why = std::string("expected ") + expected + ", and no AddressInfo defines " + quoted;
        return nullptr;
    }
    if (ref.kind == Kind::Unknown)
        why = "unknown address suffix ':" + std::string(ref.suffix) + "' (use :ip, :ipnet, :bcast, :gw or :eth)";
    else if (ref.kind == Kind::IP6)
        why = "IPv6 addresses are not supported";
    return why.empty() ? d : nullptr;
}

bool missing(const NameRef& ref, const char* what, std::string& why) {
    why = "AddressInfo name '" + std::string(ref.name) + "' has no " + what;
    return false;
}

}  // namespace

const std::vector<AddressNameIndex::Entry>& AddressNameIndex::entries(const Element* any_element) {
    if (built_) return entries_;
    built_ = true;
    const Router* r = any_element->router();
    for (int i = 0; r && i < r->nelements(); ++i) {
        Element* e = r->element(i);
        if (void* t = e->cast(address_name_table_cast))
            entries_.push_back({compound_of(e->name()), static_cast<const AddressNameTable*>(t)});
    }
    return entries_;
}

AddressNameScope::AddressNameScope(const Element* context, AddressNameIndex* index)
    : previous_(current_scope), previous_index_(current_index) {
    current_scope = context;
    current_index = index;
}

AddressNameScope::~AddressNameScope() {
    current_scope = previous_;
    current_index = previous_index_;
}

const Element* AddressNameScope::current() {
    return current_scope;
}

bool resolve_address_name(std::string_view text, IPAddress& out, std::string& why) {
    NameRef ref;
    const AddressDefinition* d = lookup(text, ref, "IP address", why);
    if (!d) return false;
    switch (ref.kind) {
        case Kind::Any:
        case Kind::IP:
            if (!d->has_ip) return missing(ref, "IP address", why);
            out = d->ip;
            return true;
        case Kind::Broadcast:
            if (!d->has_prefix) return missing(ref, "IP prefix (needed for :bcast)", why);
            out.addr = d->prefix.addr.addr | ~d->prefix.mask.addr;
            return true;
        case Kind::Gateway:
            if (!d->has_prefix) return missing(ref, "IP prefix (needed for :gw)", why);
            out.addr = (d->prefix.addr.addr & d->prefix.mask.addr) | htonl(1);
            return true;
        default: why = "expected IP address, found '" + std::string(text) + "'"; return false;
    }
}

bool resolve_address_name(std::string_view text, IPPrefix& out, std::string& why) {
    size_t slash = text.find('/');
    if (slash != std::string_view::npos) {
        // "NAME/LEN" or "NAME/MASK": the address part may be a name.
        IPAddress a;
        IPPrefix p;
        if (!resolve_address_name(text.substr(0, slash), a, why)) return false;
        if (!IPPrefix::parse("0.0.0.0" + std::string(text.substr(slash)), p)) {
            why = "expected IP prefix (ADDR/LEN)";
            return false;
        }
        out.mask = p.mask;
        out.addr.addr = a.addr & p.mask.addr;
        return true;
    }
    NameRef ref;
    const AddressDefinition* d = lookup(text, ref, "IP prefix (ADDR/LEN)", why);
    if (!d) return false;
    auto host = [&](IPAddress a) {
        out.addr = a;
        out.mask.addr = 0xffffffffu;
        return true;
    };
    switch (ref.kind) {
        case Kind::Any:
            if (d->has_prefix) {
                out = d->prefix;
                return true;
            }
            if (d->has_ip) return host(d->ip);
            return missing(ref, "IP prefix", why);
        case Kind::Prefix:
            if (!d->has_prefix) return missing(ref, "IP prefix", why);
            out = d->prefix;
            return true;
        case Kind::IP:
        case Kind::Broadcast:
        case Kind::Gateway: {
            IPAddress a;
            if (!resolve_address_name(text, a, why)) return false;
            return host(a);
        }
        default: why = "expected IP prefix, found '" + std::string(text) + "'"; return false;
    }
}

bool resolve_address_name(std::string_view text, EtherAddress& out, std::string& why) {
    NameRef ref;
    const AddressDefinition* d = lookup(text, ref, "Ethernet address", why);
    if (!d) return false;
    if (ref.kind != Kind::Any && ref.kind != Kind::Ether) {
        why = "expected Ethernet address, found '" + std::string(text) + "'";
        return false;
    }
    if (!d->has_ether) return missing(ref, "Ethernet address", why);
    out = d->ether;
    return true;
}

}  // namespace clickos
