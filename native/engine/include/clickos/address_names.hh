// Address names: a configuration may name addresses (the AddressInfo element) and use the
// names in any address argument: "mauer", or with a suffix that says which kind is meant,
// "mauer:ip", "mauer:eth", "net0:ipnet" (also "net0:net"), "net0:bcast", "net0:gw". Names are
// local to the compound element that defines them, as Click has it.
//
// The router sets the scope while it configures an element and while it runs a write
// handler; the address parsers (parse_value for IPAddress, IPPrefix, EtherAddress) fall back
// to these lookups when the text is not a literal address. Outside a scope nothing resolves.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "clickos/addresses.hh"

namespace clickos {

class Element;

// What one name stands for. A prefix definition ("10.0.0.1/24") also defines the address.
struct AddressDefinition {
    bool has_ip = false;
    bool has_prefix = false;
    bool has_ether = false;
    IPAddress ip;
    IPPrefix prefix;
    EtherAddress ether;
};

// Offered through Element::cast(address_name_table_cast) by elements that define names.
class AddressNameTable {
  public:
    virtual const AddressDefinition* find_address_name(std::string_view name) const = 0;

  protected:
    ~AddressNameTable() = default;
};
inline constexpr const char* address_name_table_cast = "AddressNameTable";

// The name tables of one router by compound, found once and reused while the router
// configures all its elements (so lookups do not scan every element each time).
class AddressNameIndex {
  public:
    struct Entry {
        std::string compound;  // "" for the top level
        const AddressNameTable* table;
    };
    const std::vector<Entry>& entries(const Element* any_element);

  private:
    bool built_ = false;
    std::vector<Entry> entries_;
};

// While alive, names resolve as seen from `context`: its own compound first, then the
// enclosing ones, up to the top level. Scopes nest (the previous one comes back).
class AddressNameScope {
  public:
    explicit AddressNameScope(const Element* context, AddressNameIndex* index = nullptr);
    ~AddressNameScope();
    AddressNameScope(const AddressNameScope&) = delete;
    AddressNameScope& operator=(const AddressNameScope&) = delete;
    static const Element* current();

  private:
    const Element* previous_;
    AddressNameIndex* previous_index_;
};

// `text` as a name of the given kind, seen from the current scope. False with `why` empty
// when no visible definition has that name; false with `why` set when the name exists but
// cannot give that kind ("mauer:eth" without an Ethernet address, an unknown suffix).
bool resolve_address_name(std::string_view text, IPAddress& out, std::string& why);
bool resolve_address_name(std::string_view text, IPPrefix& out, std::string& why);
bool resolve_address_name(std::string_view text, EtherAddress& out, std::string& why);

}  // namespace clickos
