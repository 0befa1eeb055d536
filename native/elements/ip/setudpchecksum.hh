/**
 * @element SetUDPChecksum
 * @synopsis SetUDPChecksum()
 * @category UDP
 * @summary recomputes the UDP checksum of UDP-in-IP packets
 * @ports 1 input / 1 output, agnostic
 *
 * Expects UDP-in-IP packets with a marked IP header. Computes the UDP checksum over the
 * datagram the UDP length field delimits, with the pseudo-header built from the IP
 * addresses, and stores it in the UDP header; a sum that comes out as zero is stored as
 * 0xFFFF, since zero means "no checksum" (RFC 768). Packets that are not UDP, whose IP
 * header is unreadable, or whose UDP length is below 8 or runs past the IP total length or
 * the packet are dropped.
 *
 * @see SetTCPChecksum, SetIPChecksum, CheckUDPHeader, CheckIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetUDPChecksum : public SimpleElement<SetUDPChecksum> {
  public:
    const char* class_name() const override { return "SetUDPChecksum"; }

    Packet* action(Packet* p);
};

}  // namespace clickos
