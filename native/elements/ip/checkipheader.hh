/**
 * @element CheckIPHeader
 * @synopsis CheckIPHeader([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM, VERBOSE, DETAILS])
 * @category IP
 * @summary checks IPv4 headers and marks them
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects packets with an IPv4 header OFFSET bytes in. A packet passes when it is long
 * enough for a header, its version is 4, its header length is at least 20 bytes, its
 * total length lies between the header length and the bytes available, its header
 * checksum is right (unless CHECKSUM is false), and its source address is acceptable.
 * A passing packet gets its network header annotation (and the transport header right
 * after the options), its destination IP annotation set to the header's destination, and
 * loses any bytes beyond the IP total length (link-layer padding). It leaves on output 0.
 *
 * Failing packets leave on output 1 if it is connected, and are dropped otherwise. The
 * first failure is reported on the console (every one with VERBOSE).
 *
 * Source addresses are only checked when INTERFACES, BADSRC or GOODDST is given (RFC 1812
 * 5.3.7): a source on the bad list fails unless the destination is on the good list.
 * The deprecated form `CheckIPHeader(BADSRC2 [, OFFSET])`, a first positional argument
 * that is a list of addresses, is accepted too: BADSRC2 works like BADSRC plus 0.0.0.0 and
 * 255.255.255.255.
 *
 * @arg OFFSET unsigned: where the IP header starts (default 0)
 * @arg INTERFACES ADDR/PREFIX list: this router's interfaces; their subnet broadcast
 *   addresses, 0.0.0.0 and 255.255.255.255 become bad sources, their addresses good
 *   destinations
 * @arg BADSRC address list: source addresses to reject
 * @arg GOODDST address list: destinations exempt from the BADSRC check
 * @arg CHECKSUM boolean: verify the header checksum (default true)
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: count bad packets per reason for drop_details (default false)
 * @handler drops read: number of bad packets seen
 * @handler drop_details read: bad packets per reason, one "COUNT<tab>REASON" line each
 *   (only with DETAILS true)
 * @see CheckIPHeader2, MarkIPHeader, StripIPHeader, CheckTCPHeader, CheckUDPHeader, CheckICMPHeader
 */
#pragma once
#include "drop_reasons.hh"
#include "error_output_element.hh"
#include "ip_header_check.hh"

namespace clickos {

class CheckIPHeader : public ip::ErrorOutputElement<CheckIPHeader> {
  public:
    CheckIPHeader() : CheckIPHeader(true) {}
    const char* class_name() const override { return "CheckIPHeader"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p);

    enum Reason { TINY_PACKET, BAD_VERSION, BAD_HLEN, BAD_IP_LEN, BAD_CHECKSUM, BAD_SADDR, NREASONS };
    static_assert(int(NREASONS) == int(ip::NFAULTS));

  protected:
    explicit CheckIPHeader(bool checksum_default);

  private:
    bool reject(Reason r) {
        drops_.count(this, r);
        return false;
    }
    int parse_positional(Args& args);

    ip::IPHeaderCheck check_;
    ip::DropReasons drops_;
};

}  // namespace clickos
