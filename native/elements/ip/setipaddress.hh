/**
 * @element SetIPAddress
 * @synopsis SetIPAddress(IPADDR [, ANNO])
 * @category IP
 * @summary sets the destination IP annotation to a fixed address
 * @ports 1 input / 1 output, agnostic
 *
 * Sets the destination IP address annotation of every packet (or the 4-byte annotation
 * ANNO names) to IPADDR. Packet data is not touched.
 *
 * @arg IPADDR IP address: the address to store
 * @arg ANNO annotation: the annotation to set (default DST_IP)
 * @see GetIPAddress, StoreIPAddress
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetIPAddress : public SimpleElement<SetIPAddress> {
  public:
    const char* class_name() const override { return "SetIPAddress"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        std::memcpy(p->anno() + anno_, &addr_, 4);
        return p;
    }

  private:
    uint32_t addr_ = 0;
    size_t anno_ = anno::dst_ip;
};

}  // namespace clickos
