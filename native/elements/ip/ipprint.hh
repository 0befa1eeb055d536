/**
 * @element IPPrint
 * @synopsis IPPrint([LABEL, keywords CONTENTS, PAYLOAD, MAXLENGTH, ID, TTL, TOS, LENGTH, TIMESTAMP, ...])
 * @category IP
 * @summary prints a tcpdump-like line for each IP packet
 * @ports 1 input / 1 output, agnostic
 *
 * Expects IP packets with a marked header (after CheckIPHeader). Prints one line per
 * packet on standard error (or into OUTFILE), then passes the packet on unchanged.
 * Packets without a network header annotation pass without a line. The line is
 * `LABEL: TIMESTAMP: ` followed by the packet: `SRC.SPORT > DST.DPORT: FLAGS
 * SEQ:END(LEN,PACKETLEN,IPLEN) ack ACK win WIN` for TCP, `SRC.SPORT > DST.DPORT: udp LEN`
 * for UDP, `SRC > DST: icmp echo (ID, SEQ)` and the like for ICMP, and
 * `SRC > DST: ip-proto-N` otherwise; fragments get ` (frag ID:LEN@OFFSET+)`. Headers cut
 * short print as truncated-ip, truncated-tcp, truncated-udp or truncated-icmp. With
 * CONTENTS or PAYLOAD, the bytes follow on indented lines, 24 bytes a line in hex
 * (grouped by 4) or 48 characters in ASCII (grouped by 8, unprintable bytes as '.').
 *
 * @arg LABEL string: text printed first on each line (default none)
 * @arg CONTENTS NONE, HEX or ASCII: print the packet's bytes, from the start of its data
 *   (default NONE; true means HEX)
 * @arg PAYLOAD NONE, HEX or ASCII: print only the payload after the TCP or UDP header
 *   (the bytes after the IP header for other protocols); give at most one of CONTENTS
 *   and PAYLOAD
 * @arg MAXLENGTH integer: at most this many bytes for CONTENTS or PAYLOAD; -1 means all
 *   (default 1500; NBYTES is an old name for it)
 * @arg ID boolean: print the IP ID field (default false)
 * @arg TTL boolean: print the TTL field (default false)
 * @arg TOS boolean: print the TOS field (default false)
 * @arg LENGTH boolean: print the IP length field (default false)
 * @arg TIMESTAMP boolean: print the packet's timestamp annotation, in seconds since 1970
 *   (default true)
 * @arg AGGREGATE boolean: print the aggregate annotation (default false)
 * @arg PAINT boolean: print the paint annotation (default false)
 * @arg SWAP boolean: print ICMP echo identifiers and sequence numbers byte-swapped, for
 *   senders that write them in little-endian order (default false)
 * @arg OUTFILE filename: write the lines to this file (created or truncated when the router
 *   starts) instead of standard error
 * @arg CHANNEL word: accepted for Click compatibility and ignored (there are no chatter
 *   channels; lines go to standard error or OUTFILE)
 * @arg ACTIVE boolean: if false, print nothing (default true)
 * @handler active read/write: ACTIVE
 * @see Print, CheckIPHeader
 */
#pragma once
#include <string>

#include "clickos/element.hh"
#include "ip_print_format.hh"

namespace clickos {

class IPPrint : public SimpleElement<IPPrint> {
  public:
    const char* class_name() const override { return "IPPrint"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (active_ && p->has_network_header()) print(p);
        return p;
    }
    // The line printed for p, without the newline (for tests and tools).
    std::string line(const Packet* p) const;

  private:
    void print(const Packet* p);

    ip::IPPrintOptions options_;
    bool active_ = true;
    std::string outfile_;
    int fd_ = -1;
    std::string buffer_;  // reused for every line
};

}  // namespace clickos
