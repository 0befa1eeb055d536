/**
 * @element ICMPError
 * @synopsis ICMPError(SRC, TYPE [, CODE, BADADDRS, KEYWORDS])
 * @category ICMP
 * @summary answers a packet with an ICMP error message
 * @ports 1 input / 1 output, agnostic
 *
 * Turns each IPv4 packet into an ICMP error about it, sent from SRC back to the packet's
 * source: a new IPv4 packet (TTL 200, TOS 0, identification counting up from 1) holding
 * an ICMP header of type TYPE and code CODE followed by the offending packet's IP header
 * and as much of its data as fits in MTU bytes (576 by default, the RFC 1812 limit, which
 * always leaves room for the header and the first 8 data bytes RFC 792 asks for). Both
 * checksums are computed. The original packet is
 * freed. The output packet's network header, destination address (the old source) and
 * timestamp annotations are set, and so is its fix_ip_src annotation unless SET_FIX_ANNO
 * is false. The IP header is found at the network header annotation, or at the data start
 * when the annotation is unset.
 *
 * Following RFC 792 and RFC 1812 (4.3.2.7), no error is sent, and the packet is just freed,
 * for: packets without a readable IPv4 header; ICMP error messages; packets to a broadcast
 * (255.255.255.255), multicast or BADADDRS destination; packets received as link-level
 * broadcast or multicast (their packet type annotation); packets from an address that
 * cannot be a host's (0.x.x.x, 127.x.x.x, class D or E, broadcast, or one of BADADDRS);
 * and fragments other than the first.
 *
 * TYPE and CODE are numbers or names. Error types are unreachable (3), sourcequench (4),
 * redirect (5), timeexceeded (11) and parameterproblem (12). Codes: for unreachable net,
 * host, protocol, port, needfrag (0-4) and srcroutefail, net-unknown, host-unknown, isolated,
 * net-prohib, host-prohib, tos-net, tos-host, filter-prohib, host-precedence,
 * precedence-cutoff (5-15); for redirect net, host, tos-net, tos-host; for timeexceeded
 * transit, reassembly; for parameterproblem erroratptr, missingopt, length. Specifics:
 *
 *  - parameterproblem/erroratptr: the pointer byte comes from the packet's ICMP
 *    parameter-problem annotation (byte 13 of the annotation area), which option-checking
 *    elements set to the offset of the bad byte within the IP header.
 *  - redirect: the gateway address comes from the destination address annotation.
 *  - unreachable/needfrag: the next-hop MTU field is PMTU (RFC 1191).
 *
 * If the packet carried a loose or strict source route option, the error carries the route
 * travelled so far, reversed (RFC 1812 4.3.2.6), except for parameter problems pointing
 * into that option; redirects are never sent for source-routed packets (RFC 1812 5.2.7.2).
 *
 * @arg SRC IP address: source address of the error messages
 * @arg TYPE ICMP type: number or name; must be an error type
 * @arg CODE ICMP code: number or name for TYPE (default 0)
 * @arg BADADDRS IP addresses: space-separated addresses never answered (usually the local broadcast addresses)
 * @arg MTU unsigned: largest error packet to build, at least 68 (default 576)
 * @arg PMTU unsigned: next-hop MTU, 0 to 65535, reported by unreachable/needfrag errors (default 0)
 * @arg SET_FIX_ANNO boolean: set the fix_ip_src annotation on error packets (default true; USE_FIX_ANNO is the same)
 * @handler src read/write: SRC
 * @handler mtu read/write: MTU
 * @handler pmtu read/write: PMTU
 * @see IPFragmenter, DecIPTTL, IPGWOptions, FixIPSrc
 */
#pragma once
#include <vector>

#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class ICMPError : public SimpleElement<ICMPError> {
  public:
    static constexpr uint32_t min_mtu = 68;

    const char* class_name() const override { return "ICMPError"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        Packet* q = make_error(p);
        p->kill();
        return q;
    }

  private:
    Packet* make_error(const Packet* p);
    bool is_bad_addr(uint32_t a) const;
    bool unicast(uint32_t a) const;
    bool valid_source(uint32_t a) const;

    IPAddress src_;
    uint8_t type_ = 0;
    uint8_t code_ = 0;
    std::vector<IPAddress> bad_addrs_;
    uint32_t mtu_ = 576;
    uint16_t pmtu_ = 0;
    bool set_fix_anno_ = true;
    uint16_t id_ = 1;
};

}  // namespace clickos
