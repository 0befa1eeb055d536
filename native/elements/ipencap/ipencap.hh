/**
 * @element IPEncap
 * @synopsis IPEncap(PROTO, SRC, DST, [KEYWORDS])
 * @category IP
 * @summary puts an IPv4 header in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Prepends a 20-byte IPv4 header (no options) carrying protocol PROTO from SRC to DST, the
 * way IP-in-IP or GRE tunnels wrap packets. The header's total length is the packet's new
 * length, its identification counts up from 0 packet by packet, and its checksum is
 * computed. The packet's network header annotation points at the new header and its
 * destination address annotation is set to DST. When DST is `DST_ANNO`, the destination
 * is taken from each packet's destination address annotation instead. Packets that would
 * exceed 65535 bytes are dropped.
 *
 * The TOS byte is TOS, or built from DSCP (its upper six bits) and the ECN bits chosen by
 * ECT or CE; TOS cannot be combined with the others.
 *
 * @arg PROTO IP protocol: number or name (ipip, tcp, udp, icmp, gre, esp, ah, ...)
 * @arg SRC IP address: source address
 * @arg DST IP address: destination address, or DST_ANNO
 * @arg TTL byte: time to live (default 250)
 * @arg TOS byte: the whole TOS byte (default 0)
 * @arg DSCP integer: differentiated services code point, 0 to 63 (default 0)
 * @arg ECT boolean or 2: true or 1 sets the ECN bits to ECT(1) (1), 2 sets ECT(0) (2)
 * @arg CE boolean: sets the ECN bits to CE (3)
 * @arg DF boolean: sets the don't-fragment flag (default false)
 * @handler src read/write: SRC
 * @handler dst read/write: DST (an address or DST_ANNO)
 * @see UDPIPEncap, GREEncap, StripIPHeader, SetIPECN
 */
#pragma once
#include "clickos/element.hh"
#include "ipencap/ip_args.hh"

namespace clickos {

class IPEncap : public SimpleElement<IPEncap> {
  public:
    const char* class_name() const override { return "IPEncap"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    void build();

    uint8_t proto_ = 0;
    IPAddress src_;
    AddressOrAnnoArg dst_;
    uint8_t ttl_ = 250;
    uint8_t tos_ = 0;
    bool df_ = false;
    uint16_t id_ = 0;
    uint8_t header_[20] = {};  // the fixed fields; length, id and checksum are filled per packet
};

}  // namespace clickos
