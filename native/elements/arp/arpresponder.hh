/**
 * @element ARPResponder
 * @synopsis ARPResponder(IP/MASK [IP/MASK...] ETH, IP2/MASK2 ETH2, ...)
 * @category ARP
 * @summary answers ARP requests for its addresses
 * @ports 1 input / 1 or 2 outputs; input and output 0 agnostic, output 1 push
 *
 * Input packets should be ARP requests with their Ethernet header. When the requested IP
 * address falls in one of its IP/MASK networks, ARPResponder turns the request into the
 * reply that gives that network's Ethernet address and sends it out output 0: the reply
 * goes to the requester's hardware address, from ETH, and says that the requested address
 * is at ETH (RFC 826). When several networks hold the address the most specific one
 * answers. Anything else (requests for other addresses, replies, other frames, short
 * packets) leaves on output 1 if it is connected and is dropped otherwise.
 *
 * Each argument names one or more networks (CIDR `18.26.7.0/24` or dotted mask
 * `18.26.7.0/255.255.255.0`; a bare address is a /32) and the Ethernet address that
 * answers for them, so one element can answer for a host's own address and act as a proxy
 * for whole networks. The reply keeps the request's annotations (VLAN TCI and others).
 *
 * @arg ENTRY "IP/MASK [IP/MASK...] ETH": networks and the Ethernet address that answers for them
 * @handler table read: one line per network, "IP/MASK ETH", most specific first
 * @handler lookup read/write: write an IP address, then read the Ethernet address that answers for it ("" if none)
 * @handler add write: adds entries "IP/MASK [IP/MASK...] ETH", replacing those for the same networks
 * @handler remove write: removes the entry for "IP/MASK"
 * @see ARPQuerier
 */
#pragma once
#include <string>
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class ARPResponder : public Element {
  public:
    const char* class_name() const override { return "ARPResponder"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    void add_handlers() override;

    void push(int, Packet* p) override {
        if ((p = respond(p))) output(0).push(p);
    }
    Packet* pull(int) override {
        Packet* p = input(0).pull();
        return p ? respond(p) : nullptr;
    }
    void push_batch(int, PacketBatch& batch) override {
        batch.filter([this](Packet* p) { return respond(p); });
        if (!batch.empty()) output(0).push_batch(batch);
    }
    Packet* simple_action(Packet* p) override { return respond(p); }

    // The Ethernet address that answers for ip (network byte order), or null.
    const EtherAddress* lookup(uint32_t ip) const {
        for (const Entry& e : entries_)
            if ((ip & e.mask) == e.addr) return &e.eth;
        return nullptr;
    }

  private:
    struct Entry {
        uint32_t addr, mask;  // network byte order
        EtherAddress eth;
    };
    // The reply to p, or null after passing p to output 1 (or dropping it).
    Packet* respond(Packet* p);
    // Parses "IP/MASK [IP/MASK...] ETH" into entries; "" or why not.
    static std::string parse_entry(const std::string& text, std::vector<Entry>& out);
    // Adds (or replaces) entries and keeps the most specific first.
    void insert(const std::vector<Entry>& add);

    std::vector<Entry> entries_;  // most specific mask first
    std::string lookup_result_;
};

}  // namespace clickos
