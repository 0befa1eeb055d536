/**
 * @element ProtocolTranslator46
 * @synopsis ProtocolTranslator46()
 * @category ip6
 * @summary translates IPv4 packets to IPv6 and IPv6 packets to IPv4 (stateless, RFC 7915)
 * @ports 1 or 2 inputs / as many outputs, push
 *
 * The IPv6/IPv4 proxy of ClickOS. IPv4 packets arriving on input 0 leave on output 0 as
 * IPv6 packets; IPv6 packets arriving on input 1 leave on output 1 as IPv4 packets. With
 * one input and one output it only translates IPv4 to IPv6, as Click's implementation does.
 * Output packets are valid: headers are rewritten as RFC 7915 (SIIT) maps them, and the
 * TCP, UDP and ICMP/ICMPv6 checksums are recomputed for the new header.
 *
 * Addresses are IPv4-mapped IPv6 addresses, ::ffff:a.b.c.d, as in Click: an IPv4 address
 * a.b.c.d becomes ::ffff:a.b.c.d, and an IPv6 packet is translated only when both its
 * addresses have that form.
 *
 * IPv4 to IPv6: traffic class from the TOS byte, flow label 0, payload length from the
 * total length (link padding is cut), hop limit from the TTL (unchanged: put DecIPTTL in
 * front where the translator acts as a router), next header from the protocol, with
 * ICMP (1) becoming ICMPv6 (58); IPv4 options are dropped. IPv6 to IPv4: a 20-byte header,
 * TOS from the traffic class, identification 0 and don't-fragment set (an atomic datagram,
 * RFC 6864), TTL from the hop limit, protocol from the next header with ICMPv6 becoming ICMP,
 * header checksum computed. UDP datagrams without a checksum get one.
 *
 * ICMP echo request and reply (types 8 and 0) become ICMPv6 echo request and reply (128 and
 * 129) and back, identifier, sequence number and data unchanged. ICMP errors are translated
 * as RFC 7915 4.2 and 5.2 map them: destination unreachable (with its codes), packet too
 * big / fragmentation needed (the MTU adjusted by the 20 bytes the headers differ by), time
 * exceeded and parameter problem (with the pointer moved to the matching field); the quoted
 * inner packet's header is translated too, and an inner echo message's type. ICMPv6 errors
 * made from IPv4 are cut to 1280 bytes (RFC 4443).
 *
 * Not translated (dropped and counted in `drops`): IPv4 fragments; IPv6 packets with
 * extension headers (fragment, hop-by-hop, routing, destination options, ...); ICMP and
 * ICMPv6 informational messages other than echo (timestamps, router and neighbor
 * discovery, MLD), source quench, redirects, and errors RFC 7915 has no translation for
 * (for example fragmentation needed with MTU 0, or a pointer to a field IPv6 lacks);
 * errors quoting an inner fragment or inner extension headers; IPv6 addresses outside
 * ::ffff:0:0/96; and malformed packets: truncated headers, lengths beyond the data, wrong IP
 * version. Inner packets' transport checksums are left as quoted (RFC 7915 lets
 * translators skip them).
 * The IP header is found at the network header annotation, or at the data start when unset.
 *
 * @handler drops read: packets not translated
 * @see CheckIPHeader, DecIPTTL
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class ProtocolTranslator46 : public Element {
  public:
    const char* class_name() const override { return "ProtocolTranslator46"; }
    const char* port_count() const override { return "1-2/1-2"; }
    const char* processing() const override { return "h/h"; }
    const char* flow_code() const override { return "#/#"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void add_handlers() override;
    void push(int port, Packet* p) override;

    // The translations, exposed for the fuzzer: null when the packet was dropped.
    Packet* to_ipv6(Packet* p);
    Packet* to_ipv4(Packet* p);

  private:
    Packet* drop(Packet* p);
    Packet* icmp_error_to_ipv6(Packet* p, const uint8_t* ip, uint32_t hlen, uint32_t plen);
    Packet* icmp_error_to_ipv4(Packet* p, const uint8_t* ip6, uint32_t plen);
    uint64_t drops_ = 0;
};

}  // namespace clickos
