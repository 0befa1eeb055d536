/**
 * @element IPMulticastEtherEncap
 * @synopsis IPMulticastEtherEncap(ETHERTYPE, SRC)
 * @category Ethernet
 * @summary puts an Ethernet header for an IPv4 multicast group in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Prepends a 14-byte Ethernet header with type ETHERTYPE and source SRC whose destination
 * is the multicast group's Ethernet address, as RFC 1112 maps it: 01:00:5e followed by the
 * low 23 bits of the packet's IPv4 destination address. The IPv4 header is found at the
 * network header annotation, or at the data start when it is unset. Packets without a
 * readable IPv4 header and packets whose destination is not a multicast (class D) address
 * are dropped and counted; for unicast destinations use ARPQuerier or EtherEncap. The MAC
 * header annotation points at the new header.
 *
 * @arg ETHERTYPE integer: the type field, usually 0x0800 (IPv4)
 * @arg SRC Ethernet address: source address
 * @handler ethertype read/write: ETHERTYPE
 * @handler src read/write: SRC
 * @handler drops read: packets dropped (no IPv4 header, or not multicast)
 * @see EtherEncap, ARPQuerier
 */
#pragma once
#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class IPMulticastEtherEncap : public SimpleElement<IPMulticastEtherEncap> {
  public:
    const char* class_name() const override { return "IPMulticastEtherEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    uint16_t ethertype_ = 0;
    EtherAddress src_;
    uint64_t drops_ = 0;
};

}  // namespace clickos
