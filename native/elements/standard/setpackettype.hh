/**
 * @element SetPacketType
 * @synopsis SetPacketType(TYPE)
 * @category annotations
 * @summary sets the packet type annotation
 * @ports 1 input / 1 output, agnostic
 *
 * Sets each packet's packet type annotation, which says how the link layer saw it: sent to
 * this host, broadcast, multicast, to another host, outgoing or looped back. Elements such
 * as HostEtherFilter set it from the Ethernet destination; this one sets it outright.
 *
 * @arg TYPE word: HOST, BROADCAST, MULTICAST, OTHERHOST, OUTGOING, LOOPBACK or FASTROUTE (any case)
 * @handler type read/write: TYPE
 * @see HostEtherFilter, DropBroadcasts, SetAnnoByte
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetPacketType : public SimpleElement<SetPacketType> {
  public:
    const char* class_name() const override { return "SetPacketType"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p->set_packet_type_anno(type_);
        return p;
    }

  private:
    PacketType type_ = PacketType::Host;
};

}  // namespace clickos
