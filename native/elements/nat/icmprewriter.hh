/**
 * @element ICMPRewriter
 * @synopsis ICMPRewriter(MAPS [, DST_ANNO])
 * @category nat
 * @summary rewrites ICMP errors about packets that rewriters translated
 * @ports 1 input / 1 or 2 outputs, push
 *
 * An ICMP error (destination unreachable, source quench, redirect, time exceeded, parameter
 * problem) quotes the header of the packet it is about. When that packet went through a
 * rewriter, the error is addressed to the rewritten source and quotes the rewritten flow;
 * ICMPRewriter finds the mapping in one of MAPS, a space-separated list of rewriters
 * (IPRewriter, TCPRewriter, UDPRewriter, ICMPPingRewriter, IPAddrRewriter or
 * IPAddrPairRewriter), and rewrites the error so that it reads as an answer to the original
 * packet:
 *
 * - the quoted packet's addresses, and its ports (TCP, UDP) or identifier (ICMP echo), are
 *   set back to what they were before the rewriter changed them, with the quoted IP
 *   checksum, the quoted UDP checksum (or TCP checksum, when quoted) and the quoted ICMP
 *   checksum updated;
 * - the error's destination, when it was the quoted packet's source, becomes the original
 *   source, and its source, when it was the quoted packet's destination, becomes the
 *   original destination;
 * - the error's IP and ICMP checksums are updated incrementally.
 *
 * MAPS are tried in order; the first with a mapping wins. Rewritten errors leave on output
 * 0. Errors without a mapping, ICMP messages that are not errors, and packets that are not
 * IPv4 ICMP with a readable quoted header (the quoted IP header and 8 bytes after it) leave on
 * output 1, or are dropped when there is only one output. Looking up a mapping does not
 * refresh it.
 *
 * @arg MAPS element names: the rewriters whose mappings apply, tried in order
 * @arg DST_ANNO boolean: set the destination IP annotation of rewritten errors to their new destination (default true)
 * @see IPRewriter, TCPRewriter, UDPRewriter, ICMPPingRewriter, IPAddrRewriter, IPAddrPairRewriter, ICMPError
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "rewriter_base.hh"

namespace clickos {

class ICMPRewriter : public Element {
  public:
    const char* class_name() const override { return "ICMPRewriter"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int port, Packet* p) override;

  private:
    // Rewrites p in place when a map knows the quoted flow: 1 if it did, 0 if p is unchanged,
    // -1 if p is gone (no memory for a private copy).
    int rewrite(Packet*& p);

    std::vector<nat::RewriterBase*> maps_;
    bool dst_anno_ = true;
};

}  // namespace clickos
