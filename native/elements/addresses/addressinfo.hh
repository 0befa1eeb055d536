/**
 * @element AddressInfo
 * @synopsis AddressInfo(NAME ADDRESS [ADDRESS...], ...)
 * @category information
 * @summary gives names to IP addresses, IP prefixes and Ethernet addresses
 * @ports no inputs / no outputs
 *
 * Each argument defines a name: `NAME ADDRESS [ADDRESS...]`, where each ADDRESS is an IPv4
 * address (10.0.0.1), an IPv4 prefix (10.0.0.1/24 or 10.0.0.1/255.255.255.0) or an Ethernet
 * address (00:50:ba:85:84:a9). A name may stand for one of each kind at once. Every address
 * argument of every element may then use the name instead of the address, and the kind is
 * taken from the argument: `IPEncap(4, mauer, mazu)` reads IP addresses, `EtherEncap(0x0800,
 * mauer, ...)` an Ethernet address. Handler writes that take addresses accept names too.
 *
 * A suffix asks for one kind: `NAME:ip` (the IP address), `NAME:eth` (the Ethernet address),
 * `NAME:ipnet` or `NAME:net` (the prefix), `NAME:bcast` (the prefix's broadcast address: all
 * host bits set) and `NAME:gw` (the prefix's network address with its lowest bit set, the
 * usual gateway). A prefix definition also defines the address written in it, so after
 * `AddressInfo(boojum 10.0.0.1/24)`, `boojum` as an IP address is 10.0.0.1, as a prefix
 * 10.0.0.0/24, and `boojum:bcast` is 10.0.0.255. Prefix arguments also accept `NAME/LEN`.
 *
 * Names are local to the compound element that defines them: an AddressInfo inside a
 * compound serves that compound and the compounds within it, and inner definitions hide
 * outer ones. AddressInfo is configured before every other element, so the order in the
 * configuration does not matter. Unknown names, names without the kind an argument needs and
 * unknown suffixes are errors at the argument's file:line:col.
 *
 * IPFilter and IPClassifier take names, suffixes included, after `host` (the IP address)
 * and `net` (the prefix). Not provided yet: IPv6 addresses (`NAME:ip6`), Click's defaults
 * taken from the host's network devices when a name is not defined, names standing alone in
 * IPFilter patterns (`src NAME`), and names in IPRewriter patterns.
 *
 * @arg NAME word: the name, starting with a letter or underscore (letters, digits, _ - . @)
 * @arg ADDRESS IP address, IP prefix or Ethernet address: what the name stands for
 * @see PortInfo, EtherEncap, IPEncap, ARPResponder
 */
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "clickos/address_names.hh"
#include "clickos/element.hh"

namespace clickos {

class AddressInfo : public Element, public AddressNameTable {
  public:
    const char* class_name() const override { return "AddressInfo"; }
    const char* port_count() const override { return "0/0"; }
    int configure_phase() const override { return CONFIGURE_PHASE_FIRST; }
    int configure(Args& args) override;
    void* cast(const char* name) override;

    const AddressDefinition* find_address_name(std::string_view name) const override;

  private:
    std::map<std::string, AddressDefinition, std::less<>> names_;
};

}  // namespace clickos
