/**
 * @element IPGWOptions
 * @synopsis IPGWOptions(MYADDR [, OTHERADDRS])
 * @category IP
 * @summary processes the IP options every router must handle (Record Route, Timestamp)
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Expects IP packets with a marked header (CheckIPHeader). Walks the options of packets
 * that have any and processes those every router on the path handles, whoever the packet
 * is for: Record Route (type 7) and Internet Timestamp (type 68); source routes and other
 * options are skipped. MYADDR is this router's address on the interface the packet leaves
 * by (RFC 1812 4.2.2.2), so the element belongs on the output path.
 *
 * Record Route: while the route data has room, MYADDR is stored at the pointer and the
 * pointer advances by 4; a full option is left alone. Timestamp: flag 0 stores a timestamp
 * (milliseconds since midnight UT, network byte order), flag 1 MYADDR and a timestamp, and
 * flag 3 (prespecified addresses) a timestamp only when the next address is MYADDR or one
 * of OTHERADDRS. When flag 0 or 1 finds no room, the overflow count is incremented. The
 * header checksum is recomputed when anything changed.
 *
 * A malformed option (length below 2 or running past the header, Record Route shorter
 * than 3 bytes or with a pointer below 4 or past its end, Timestamp shorter than 4 bytes
 * or with a pointer below 5, an unknown flag, flag 3 with no room, or an overflow count
 * that would pass 15) sends the packet, unchanged, to output 1 (dropped if unconnected)
 * with the ICMP Parameter Problem annotation set to the offset of the offending byte from
 * the start of the IP header, for `ICMPError(ADDR, parameterproblem)`. Packets without a
 * readable IP header also go to output 1, with the annotation 0.
 *
 * @arg MYADDR IP address: this router's address on the outgoing interface
 * @arg OTHERADDRS address list: this router's other addresses, for Timestamp flag 3
 * @handler drops read: number of packets sent to output 1
 * @see ICMPError, CheckIPHeader
 */
#pragma once
#include "error_output_element.hh"
#include "ip_address_args.hh"

namespace clickos {

class IPGWOptions : public ip::ErrorOutputElement<IPGWOptions> {
  public:
    const char* class_name() const override { return "IPGWOptions"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p);

  private:
    // Processes the options of the `hlen`-byte header `in` into `out` (a copy); returns -1
    // when they are well formed (`changed` says whether `out` differs), else the offset of
    // the bad byte.
    int handle_options(const uint8_t* in, unsigned hlen, uint8_t* out, bool& changed) const;
    bool reject(Packet* p, int pointer);

    uint32_t my_addr_ = 0;
    IPAddressList my_addrs_;  // OTHERADDRS and MYADDR
    uint64_t drops_ = 0;
};

}  // namespace clickos
