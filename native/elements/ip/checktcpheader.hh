/**
 * @element CheckTCPHeader
 * @synopsis CheckTCPHeader([keywords VERBOSE, DETAILS])
 * @category TCP
 * @summary checks TCP headers of TCP/IP packets
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects TCP/IP packets whose IP header is marked (CheckIPHeader, MarkIPHeader). A packet
 * passes when its IP protocol is TCP, the TCP segment the IP length announces (IP length
 * minus IP header length) is inside the packet, its data offset is at least 20 bytes and
 * fits in the segment, and its checksum over the segment and the IPv4 pseudo-header is
 * right. Good packets leave on output 0; bad ones on output 1 if it is connected, and are
 * dropped otherwise. The first failure is reported on the console (every one with
 * VERBOSE). A packet without a network header annotation counts as "not TCP"; one whose
 * marked IP header is cut short, as "bad packet length".
 *
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: count bad packets per reason for drop_details (default false)
 * @handler drops read: number of bad packets seen
 * @handler drop_details read: bad packets per reason, one "COUNT<tab>REASON" line each
 *   (only with DETAILS true)
 * @see CheckIPHeader, CheckUDPHeader, CheckICMPHeader, MarkIPHeader
 */
#pragma once
#include "drop_reasons.hh"
#include "error_output_element.hh"

namespace clickos {

class CheckTCPHeader : public ip::ErrorOutputElement<CheckTCPHeader> {
  public:
    CheckTCPHeader();
    const char* class_name() const override { return "CheckTCPHeader"; }
    int configure(Args& args) override;
    void add_handlers() override { drops_.add_handlers(this); }

    bool process(Packet*& p);

    enum Reason { NOT_TCP, BAD_LENGTH, BAD_CHECKSUM, NREASONS };

  private:
    bool reject(Reason r) {
        drops_.count(this, r);
        return false;
    }
    ip::DropReasons drops_;
};

}  // namespace clickos
