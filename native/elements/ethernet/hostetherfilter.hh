/**
 * @element HostEtherFilter
 * @synopsis HostEtherFilter(ETHER [, DROP_OWN, DROP_OTHER, OFFSET])
 * @category ethernet
 * @summary drops Ethernet frames meant for other hosts, as a network card would
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Acts like the receive side of an Ethernet card with address ETHER. It sets each frame's
 * packet type annotation from the destination address: HOST (ETHER), BROADCAST
 * (ff:ff:ff:ff:ff:ff), MULTICAST (other group addresses) or OTHERHOST. Frames sent to
 * another host are filtered when DROP_OTHER is true; frames whose source is ETHER are
 * filtered when DROP_OWN is true. Filtered frames leave on output 1, or are dropped when
 * output 1 is not connected; the others leave on output 0. A packet too short to hold an
 * Ethernet header at OFFSET is filtered too, with its annotation unchanged.
 *
 * @arg ETHER Ethernet address: this host's address
 * @arg DROP_OWN boolean: filter frames sent by ETHER (default false)
 * @arg DROP_OTHER boolean: filter unicast frames for other addresses (default true)
 * @arg OFFSET unsigned integer: where the Ethernet header starts in the packet (default 0)
 * @handler ethernet read/write: ETHER
 * @handler drops read: frames filtered
 * @see DropBroadcasts, SetPacketType, EtherEncap
 */
#pragma once
#include "clickos/addresses.hh"
#include "clickos/element.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class HostEtherFilter : public ip::ErrorOutputElement<HostEtherFilter> {
  public:
    const char* class_name() const override { return "HostEtherFilter"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p);

  private:
    EtherAddress addr_;
    bool drop_own_ = false;
    bool drop_other_ = true;
    uint32_t offset_ = 0;
    uint64_t drops_ = 0;
};

}  // namespace clickos
