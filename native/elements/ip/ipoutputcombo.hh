/**
 * @element IPOutputCombo
 * @synopsis IPOutputCombo(COLOR, IPADDR, MTU)
 * @category IP
 * @summary the output path of an IP router (DropBroadcasts ... CheckLength) in one element
 * @ports 1 input / 5 outputs, push
 *
 * Does in one element what this compound does to a routed packet on its way to an
 * interface whose address is IPADDR:
 *
 *     input -> DropBroadcasts -> p :: PaintTee(COLOR) -> g :: IPGWOptions(IPADDR)
 *           -> FixIPSrc(IPADDR) -> d :: DecIPTTL -> l :: CheckLength(MTU) -> [0] output;
 *     p[1] -> [1] output;  g[1] -> [2] output;  d[1] -> [3] output;  l[1] -> [4] output;
 *
 * Packets that arrived as link-level broadcasts or multicasts (packet type annotation) are
 * dropped. A packet painted COLOR (it leaves by the interface it came in on) is copied to
 * output 1, usually for an ICMP redirect, and goes on. Then its IP options are processed
 * as IPGWOptions does (bad ones send it to output 2 with the parameter problem pointer
 * annotated), its source is set to IPADDR if the Fix IP Source annotation asks for it, its
 * TTL is decremented (expired packets leave on output 3), and packets longer than MTU
 * bytes leave on output 4, usually to an IPFragmenter or ICMPError(needfrag). The rest
 * leave on output 0. The packets must have a marked IP header (CheckIPHeader,
 * IPInputCombo). Like the compound, it does not fragment.
 *
 * @arg COLOR byte: the paint color of packets that arrived on this interface
 * @arg IPADDR IP address: this interface's address
 * @arg MTU unsigned: the longest packet sent on output 0
 * @handler color read/write: COLOR
 * @handler mtu read/write: MTU
 * @see DropBroadcasts, PaintTee, IPGWOptions, FixIPSrc, DecIPTTL, CheckLength, IPFragmenter, IPInputCombo
 */
#pragma once
#include "decipttl.hh"
#include "fixipsrc.hh"
#include "ipgwoptions.hh"

namespace clickos {

class IPOutputCombo : public Element {
  public:
    const char* class_name() const override { return "IPOutputCombo"; }
    const char* port_count() const override { return "1/5"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push(int, Packet* p) override;

  private:
    uint8_t color_ = 0;
    uint32_t mtu_ = 0;
    // The compound's IP stages, configured by configure(); only their packet code is used.
    IPGWOptions options_;
    FixIPSrc fix_src_;
    DecIPTTL dec_ttl_;
};

}  // namespace clickos
