/**
 * @element SetIPDSCP
 * @synopsis SetIPDSCP(DSCP)
 * @category IP
 * @summary sets the DSCP field of IPv4 packets
 * @ports 1 input / 1 output, agnostic
 *
 * Sets the differentiated services code point (the upper six bits of the TOS byte, RFC
 * 2474) of each IPv4 packet to DSCP, keeping the two ECN bits, and updates the header
 * checksum incrementally (RFC 1624). The IP header is found at the network header
 * annotation, or at the start of the data when the annotation is unset; packets without a
 * readable IPv4 header there pass unchanged.
 *
 * @arg DSCP integer: the code point, 0 to 63
 * @handler dscp read/write: DSCP
 * @see SetIPECN, IPEncap, MarkIPCE
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetIPDSCP : public SimpleElement<SetIPDSCP> {
  public:
    const char* class_name() const override { return "SetIPDSCP"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    uint8_t dscp_ = 0;
};

}  // namespace clickos
