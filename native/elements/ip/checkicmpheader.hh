/**
 * @element CheckICMPHeader
 * @synopsis CheckICMPHeader([keywords VERBOSE, DETAILS])
 * @category ICMP
 * @summary checks ICMP headers of ICMP/IP packets
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects ICMP/IP packets whose IP header is marked (CheckIPHeader, MarkIPHeader). The
 * ICMP message runs from the transport header to the end of the packet. A packet passes
 * when its IP protocol is ICMP, the message has at least the 8-byte ICMP header, messages
 * of types that carry one have room for it (error messages: unreachable, source quench,
 * redirect, time exceeded and parameter problem need the offending IP header and 8 more
 * bytes, 36 bytes in all; timestamp and timestamp reply are exactly 20 bytes; information
 * request and reply exactly 8), and its checksum over the whole message is right. Good
 * packets leave on output 0; bad ones on output 1 if it is connected, and are dropped
 * otherwise. The first failure is reported on the console (every one with VERBOSE).
 *
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: count bad packets per reason for drop_details (default false)
 * @handler drops read: number of bad packets seen
 * @handler drop_details read: bad packets per reason, one "COUNT<tab>REASON" line each
 *   (only with DETAILS true)
 * @see CheckIPHeader, CheckTCPHeader, CheckUDPHeader, MarkIPHeader
 */
#pragma once
#include "drop_reasons.hh"
#include "error_output_element.hh"

namespace clickos {

class CheckICMPHeader : public ip::ErrorOutputElement<CheckICMPHeader> {
  public:
    CheckICMPHeader();
    const char* class_name() const override { return "CheckICMPHeader"; }
    int configure(Args& args) override;
    void add_handlers() override { drops_.add_handlers(this); }

    bool process(Packet*& p);

    enum Reason { NOT_ICMP, BAD_LENGTH, BAD_CHECKSUM, NREASONS };

  private:
    bool reject(Reason r) {
        drops_.count(this, r);
        return false;
    }
    ip::DropReasons drops_;
};

}  // namespace clickos
