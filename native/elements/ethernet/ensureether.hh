/**
 * @element EnsureEther
 * @synopsis EnsureEther([ETHERTYPE, SRC, DST])
 * @category ethernet
 * @summary gives IP packets an Ethernet header if they lack one
 * @ports 1 input / 1 output, agnostic
 *
 * Makes sure IP packets carry an Ethernet header. A packet passes unchanged when its
 * network header annotation is unset or does not point at an IPv4 header, or when the two
 * bytes in front of that IPv4 header, 14 or more bytes into the packet, are the IP
 * ethertype (0800): it is already encapsulated. Otherwise a 14-byte header is prepended:
 * the one just in front of the packet data when the MAC header annotation says a header
 * with the IP ethertype was stripped off there (by Strip(14), for example), else one built
 * from ETHERTYPE, SRC and DST. The MAC header annotation then points at the new header.
 *
 * @arg ETHERTYPE integer 0-65535: the ethertype of a built header (default 0x0800)
 * @arg SRC Ethernet address: its source (default 00:00:00:00:00:00)
 * @arg DST Ethernet address: its destination (default 00:00:00:00:00:00)
 * @see EtherEncap, EtherRewrite, Strip
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/ip.hh"

namespace clickos {

class EnsureEther : public SimpleElement<EnsureEther> {
  public:
    const char* class_name() const override { return "EnsureEther"; }
    int configure(Args& args) override;

    Packet* action(Packet* p);

  private:
    uint8_t header_[sizeof(click_ether)] = {};
};

}  // namespace clickos
