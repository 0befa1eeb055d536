/**
 * @element IPMirror
 * @synopsis IPMirror()
 * @category IP
 * @summary sends IP packets back where they came from, by swapping addresses and ports
 * @ports 1 input / 1 output, agnostic
 *
 * Expects IP packets with marked headers (CheckIPHeader, MarkIPHeader). Exchanges each
 * packet's source and destination addresses. TCP and UDP packets that carry their
 * transport header (unfragmented packets and first fragments) also have their source and
 * destination ports exchanged, and TCP ones their sequence and acknowledgment numbers.
 * Exchanging 16-bit words leaves every checksum valid, so none is touched. Packets without
 * a readable IP header pass unchanged; ports (and sequence numbers) are left alone when
 * the packet ends before them.
 *
 * @see ICMPPingResponder, CheckIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class IPMirror : public SimpleElement<IPMirror> {
  public:
    const char* class_name() const override { return "IPMirror"; }

    Packet* action(Packet* p);
};

}  // namespace clickos
