/**
 * @element ICMPIPEncap
 * @synopsis ICMPIPEncap(SRC, DST, TYPE [, CODE, KEYWORDS])
 * @category ICMP
 * @summary puts ICMP and IPv4 headers in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Makes each packet the data of an ICMP message of type TYPE and code CODE inside an IPv4
 * packet from SRC to DST (TTL 255, TOS 0, no options). The ICMP header is 8 bytes, 20 for
 * timestamp messages (types 13 and 14, their time fields zero) and 12 for address mask
 * messages (17 and 18). For messages with an identifier and sequence number (echo, echo
 * reply, timestamp, information request and reply), the identifier is IDENTIFIER and the
 * sequence number counts up, both in network byte order; the sequence number and the IP
 * identification are the same counter, starting at 1 and skipping 0 when it wraps. Both
 * checksums are computed. The packet's network header annotation points at the new IP
 * header and its destination address annotation is set to DST. Packets that would exceed
 * 65535 bytes are dropped.
 *
 * @arg SRC IP address: source address
 * @arg DST IP address: destination address
 * @arg TYPE ICMP type: number or name (echo, echo-reply, unreachable, ...)
 * @arg CODE ICMP code: number or name for TYPE (default 0)
 * @arg IDENTIFIER integer: the identifier field, 0 to 65535 (default 0)
 * @handler src read/write: SRC
 * @handler dst read/write: DST
 * @see ICMPPingResponder, ICMPError, IPEncap
 */
#pragma once
#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class ICMPIPEncap : public SimpleElement<ICMPIPEncap> {
  public:
    const char* class_name() const override { return "ICMPIPEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p);

  private:
    IPAddress src_, dst_;
    uint8_t type_ = 0;
    uint8_t code_ = 0;
    uint16_t identifier_ = 0;
    uint16_t id_ = 1;  // IP identification and ICMP sequence number
    uint32_t icmp_len_ = 8;
    bool sequenced_ = false;
};

}  // namespace clickos
