/**
 * @element SetIPChecksum
 * @synopsis SetIPChecksum()
 * @category IP
 * @summary recomputes the IP header checksum
 * @ports 1 input / 1 output, agnostic
 *
 * Expects IP packets with a marked header (CheckIPHeader, MarkIPHeader). Computes the
 * checksum of the whole header, options included, and stores it in the header's checksum
 * field. Elements that change a header field (DecIPTTL, SetIPDSCP, FixIPSrc) already keep
 * the checksum right, so this is for headers built or edited by hand (for example after
 * StoreData). Packets without a marked header, whose header length is below 20 bytes, or
 * whose header does not fit inside the packet are dropped.
 *
 * @see CheckIPHeader, DecIPTTL, SetIPDSCP, SetTCPChecksum, SetUDPChecksum
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class SetIPChecksum : public SimpleElement<SetIPChecksum> {
  public:
    const char* class_name() const override { return "SetIPChecksum"; }

    Packet* action(Packet* p);
};

}  // namespace clickos
