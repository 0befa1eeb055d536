/**
 * @element SetTCPChecksum
 * @synopsis SetTCPChecksum([FIXOFF])
 * @category TCP
 * @summary recomputes the TCP checksum of TCP-in-IP packets
 * @ports 1 input / 1 output, agnostic
 *
 * Expects TCP-in-IP packets with a marked IP header. Computes the TCP checksum over the
 * segment the IP header's total length delimits (from the end of the IP header), with the
 * pseudo-header built from the IP addresses, and stores it in the TCP header. Packets that
 * are not TCP, whose IP header is unreadable, or whose segment is shorter than a TCP header
 * or extends past the packet are dropped.
 *
 * @arg FIXOFF boolean: if true, first repair an impossible TCP data offset: one below 5
 *   words becomes 5, and one pointing past the end of an unfragmented segment becomes the
 *   segment length in words (default false)
 * @see SetUDPChecksum, SetIPChecksum, CheckTCPHeader, CheckIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetTCPChecksum : public SimpleElement<SetTCPChecksum> {
  public:
    const char* class_name() const override { return "SetTCPChecksum"; }
    int configure(Args& args) override;

    Packet* action(Packet* p);

  private:
    bool fix_offset_ = false;
};

}  // namespace clickos
