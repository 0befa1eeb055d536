/**
 * @element SetIPECN
 * @synopsis SetIPECN(ECN)
 * @category IP
 * @summary sets the ECN bits of IPv4 packets
 * @ports 1 input / 1 output, agnostic
 *
 * Sets the two ECN bits (the low bits of the TOS byte, RFC 3168) of each IPv4 packet to ECN
 * and updates the header checksum incrementally (RFC 1624). The IP header is found at the
 * network header annotation, or at the start of the data when the annotation is unset;
 * packets without a readable IPv4 header there pass unchanged. Also available under the
 * name SetECN.
 *
 * @arg ECN ECN value: 0 to 3, or no (0), ect1 / ECT(1) (1), ect2 / ECT(0) (2), ce (3)
 * @handler ecn read/write: ECN, as a number
 * @see IPEncap, RED
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetIPECN : public SimpleElement<SetIPECN> {
  public:
    const char* class_name() const override { return "SetIPECN"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    uint8_t ecn_ = 0;
};

}  // namespace clickos
