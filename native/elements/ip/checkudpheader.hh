/**
 * @element CheckUDPHeader
 * @synopsis CheckUDPHeader([keywords VERBOSE, DETAILS])
 * @category UDP
 * @summary checks UDP headers of UDP/IP packets
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects UDP/IP packets whose IP header is marked (CheckIPHeader, MarkIPHeader). A packet
 * passes when its IP protocol is UDP, its UDP length is at least 8 and that many bytes are
 * inside the packet from the UDP header on, and its checksum over the UDP length and the
 * IPv4 pseudo-header is right; a checksum field of 0 means the sender computed none, and
 * is accepted. Good packets leave on output 0; bad ones on output 1 if it is connected,
 * and are dropped otherwise. The first failure is reported on the console (every one with
 * VERBOSE). A packet without a network header annotation counts as "not UDP"; one whose
 * marked IP header is cut short, as "bad packet length".
 *
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: count bad packets per reason for drop_details (default false)
 * @handler drops read: number of bad packets seen
 * @handler drop_details read: bad packets per reason, one "COUNT<tab>REASON" line each
 *   (only with DETAILS true)
 * @see CheckIPHeader, CheckTCPHeader, CheckICMPHeader, MarkIPHeader
 */
#pragma once
#include "drop_reasons.hh"
#include "error_output_element.hh"

namespace clickos {

class CheckUDPHeader : public ip::ErrorOutputElement<CheckUDPHeader> {
  public:
    CheckUDPHeader();
    const char* class_name() const override { return "CheckUDPHeader"; }
    int configure(Args& args) override;
    void add_handlers() override { drops_.add_handlers(this); }

    bool process(Packet*& p);

    enum Reason { NOT_UDP, BAD_LENGTH, BAD_CHECKSUM, NREASONS };

  private:
    bool reject(Reason r) {
        drops_.count(this, r);
        return false;
    }
    ip::DropReasons drops_;
};

}  // namespace clickos
