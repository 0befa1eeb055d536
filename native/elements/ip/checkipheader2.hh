/**
 * @element CheckIPHeader2
 * @synopsis CheckIPHeader2([OFFSET, keywords OFFSET, INTERFACES, BADSRC, GOODDST, CHECKSUM, VERBOSE, DETAILS])
 * @category IP
 * @summary checks IPv4 headers and marks them, without verifying the checksum
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * The same as CheckIPHeader, except that CHECKSUM defaults to false: useful where the
 * checksum was already verified (by a NIC) or is known to be stale.
 *
 * @arg OFFSET unsigned: where the IP header starts (default 0)
 * @arg INTERFACES ADDR/PREFIX list: as for CheckIPHeader
 * @arg BADSRC address list: source addresses to reject
 * @arg GOODDST address list: destinations exempt from the BADSRC check
 * @arg CHECKSUM boolean: verify the header checksum (default false)
 * @arg VERBOSE boolean: report every bad packet, not only the first (default false)
 * @arg DETAILS boolean: count bad packets per reason for drop_details (default false)
 * @handler drops read: number of bad packets seen
 * @handler drop_details read: bad packets per reason (only with DETAILS true)
 * @see CheckIPHeader, MarkIPHeader, StripIPHeader
 */
#pragma once
#include "checkipheader.hh"

namespace clickos {

class CheckIPHeader2 : public CheckIPHeader {
  public:
    CheckIPHeader2() : CheckIPHeader(false) {}
    const char* class_name() const override { return "CheckIPHeader2"; }
};

}  // namespace clickos
