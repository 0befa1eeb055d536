/**
 * @element DecIPTTL
 * @synopsis DecIPTTL([keywords ACTIVE, MULTICAST])
 * @category IP
 * @summary decrements the IP time-to-live, sends expired packets to output 1
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects IP packets with a marked header (CheckIPHeader). A packet whose TTL is 1 or 0
 * has expired: it leaves unchanged on output 1 (usually connected to
 * `ICMPError(ADDR, timeexceeded)`), or is dropped if output 1 is not connected. Any other
 * packet has its TTL decremented and its header checksum updated incrementally (RFC 1624),
 * and leaves on output 0. Packets without a readable IP header (no annotation, or fewer
 * than 20 bytes there) are treated like expired ones.
 *
 * @arg ACTIVE boolean: if false, pass every packet unchanged on output 0 (default true)
 * @arg MULTICAST boolean: if false, pass packets to multicast destinations unchanged
 *   (default true)
 * @handler drops read: number of packets sent to output 1
 * @handler active read/write: ACTIVE
 * @see ICMPError, CheckIPHeader
 */
#pragma once
#include "error_output_element.hh"

namespace clickos {

class DecIPTTL : public ip::ErrorOutputElement<DecIPTTL> {
  public:
    const char* class_name() const override { return "DecIPTTL"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p);

  private:
    bool active_ = true;
    bool multicast_ = true;
    uint64_t drops_ = 0;
};

}  // namespace clickos
