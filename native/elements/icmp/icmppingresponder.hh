/**
 * @element ICMPPingResponder
 * @synopsis ICMPPingResponder()
 * @category ICMP
 * @summary answers ICMP echo requests
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Turns each ICMP echo request into its echo reply and emits it on output 0: the source
 * and destination addresses are swapped, the fragment field is cleared, the TTL is set to
 * 255, the ICMP type becomes echo reply (code 0), and both checksums are updated
 * incrementally (RFC 1624), so identifier, sequence number and data come back unchanged.
 * The reply's destination address annotation is set to its new destination, its paint
 * annotation cleared and its timestamp set to now; other annotations stay.
 *
 * The IPv4 header is found at the network header annotation, or at the data start when it
 * is unset. Everything else goes to output 1 if there is one, else is dropped: other IP
 * packets, packets without a readable IPv4 header, fragments, and requests whose 8-byte ICMP
 * header is not all inside the datagram. Source route options are not reversed.
 *
 * @see ICMPError, ICMPIPEncap, CheckICMPHeader
 */
#pragma once
#include "ip/error_output_element.hh"

namespace clickos {

class ICMPPingResponder : public ip::ErrorOutputElement<ICMPPingResponder> {
  public:
    const char* class_name() const override { return "ICMPPingResponder"; }
    bool process(Packet*& p);
};

}  // namespace clickos
