/**
 * @element UDPIPEncap
 * @synopsis UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])
 * @category UDP
 * @summary puts UDP and IPv4 headers in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Wraps each packet in a UDP datagram from SRC:SPORT to DST:DPORT inside an IPv4 packet
 * (20-byte header, TTL 250, TOS 0, identification counting up from 0, header checksum
 * computed). The UDP checksum, over the pseudo-header, the UDP header and the payload, is
 * computed when CHECKSUM is true (the default); a checksum that comes out as zero is sent
 * as 0xffff, since zero means "no checksum" (RFC 768). The network and transport header
 * annotations point at the new headers and the destination address annotation is set to
 * DST. When DST is `DST_ANNO`, the destination is each packet's destination address
 * annotation. Packets that would exceed 65535 bytes are dropped.
 *
 * @arg SRC IP address: source address
 * @arg SPORT port: source port, 0 to 65535
 * @arg DST IP address: destination address, or DST_ANNO
 * @arg DPORT port: destination port, 0 to 65535
 * @arg CHECKSUM boolean: compute the UDP checksum (default true)
 * @handler src read/write: SRC
 * @handler sport read/write: SPORT
 * @handler dst read/write: DST (an address or DST_ANNO)
 * @handler dport read/write: DPORT
 * @see IPEncap, Strip
 */
#pragma once
#include "clickos/element.hh"
#include "ipencap/ip_args.hh"

namespace clickos {

class UDPIPEncap : public SimpleElement<UDPIPEncap> {
  public:
    const char* class_name() const override { return "UDPIPEncap"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    IPAddress src_;
    uint16_t sport_ = 0;
    AddressOrAnnoArg dst_;
    uint16_t dport_ = 0;
    bool checksum_ = true;
    uint16_t id_ = 0;
};

}  // namespace clickos
