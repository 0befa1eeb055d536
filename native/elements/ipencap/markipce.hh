/**
 * @element MarkIPCE
 * @synopsis MarkIPCE([FORCE])
 * @category IP
 * @summary marks ECN-capable IPv4 packets Congestion Experienced
 * @ports 1 input / 1 output, agnostic
 *
 * Sets the ECN field (the low two bits of the TOS byte, RFC 3168) of each IPv4 packet to
 * Congestion Experienced (3) and updates the header checksum incrementally (RFC 1624).
 * Packets that are not ECN-capable (ECN field 0) are dropped, unless FORCE is true, which
 * marks them too. Packets without a readable IPv4 header (at the network header annotation,
 * or at the data start when it is unset) are dropped. Both kinds of drop are counted.
 *
 * @arg FORCE boolean: mark packets that are not ECN-capable instead of dropping them (default false)
 * @handler drops read: packets dropped
 * @see SetIPECN, RED, SetIPDSCP
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class MarkIPCE : public SimpleElement<MarkIPCE> {
  public:
    const char* class_name() const override { return "MarkIPCE"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    bool force_ = false;
    uint64_t drops_ = 0;
};

}  // namespace clickos
