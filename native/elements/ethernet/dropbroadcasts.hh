/**
 * @element DropBroadcasts
 * @synopsis DropBroadcasts
 * @category classification
 * @summary drops packets that arrived as link-level broadcast or multicast
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Looks at the packet type annotation (set by FromDevice, HostEtherFilter or SetPacketType):
 * packets of type BROADCAST or MULTICAST leave on output 1, or are dropped when output 1 is
 * not connected; the others leave on output 0. IP routers use it so as not to forward
 * link-level broadcasts. The packet data is not read.
 *
 * @handler drops read: packets of type BROADCAST or MULTICAST seen
 * @see HostEtherFilter, SetPacketType, FromDevice
 */
#pragma once
#include "clickos/element.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class DropBroadcasts : public ip::ErrorOutputElement<DropBroadcasts> {
  public:
    const char* class_name() const override { return "DropBroadcasts"; }
    void add_handlers() override;

    bool process(Packet*& p) {
        PacketType t = p->packet_type_anno();
        if (t != PacketType::Broadcast && t != PacketType::Multicast) return true;
        ++drops_;
        return false;
    }

  private:
    uint64_t drops_ = 0;
};

}  // namespace clickos
