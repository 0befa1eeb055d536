/**
 * @element GREEncap
 * @synopsis GREEncap(PROTOCOL [, KEYWORDS])
 * @category encapsulation
 * @summary puts a GRE header in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Prepends a GRE header (RFC 2784) announcing payload protocol PROTOCOL, an Ethernet type
 * such as 0x0800 for IPv4. Follow it with IPEncap(gre, ...) to build GRE-in-IP tunnels;
 * GREDecap undoes it at the other end.
 *
 * With CHECKSUM, the header carries the checksum present flag and the one's complement
 * checksum of the GRE header and payload (computed with the checksum field zero). With KEY,
 * it carries the key present flag and the 32-bit KEY (RFC 2890); the key is sent whenever
 * the argument is given, even when it is 0. With SEQUENCE, it carries the sequence number
 * present flag and a sequence number that starts at 0 and goes up by one per packet
 * (RFC 2890). The optional fields appear in the order checksum, key, sequence number.
 *
 * @arg PROTOCOL integer: the protocol type field, 0 to 65535 (0x0800 IPv4, 0x86dd IPv6, 0x6558 Ethernet)
 * @arg CHECKSUM boolean: include a checksum (default false)
 * @arg KEY unsigned: include this 32-bit key
 * @arg SEQUENCE boolean: include sequence numbers (default false)
 * @handler seq read: the sequence number the next packet will carry
 * @see GREDecap, IPEncap
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class GREEncap : public SimpleElement<GREEncap> {
  public:
    const char* class_name() const override { return "GREEncap"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    uint8_t header_[16] = {};  // flags, protocol and the key; checksum and sequence per packet
    uint32_t len_ = 4;
    uint32_t seq_ = 0;
    bool checksum_ = false;
    bool seq_present_ = false;
    uint32_t seq_at_ = 0;  // offset of the sequence number field
};

}  // namespace clickos
