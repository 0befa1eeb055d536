/**
 * @element FTPPortMapper
 * @synopsis FTPPortMapper(CONTROL_REWRITER, DATA_REWRITER, PATTERN FOUTPUT ROUTPUT)
 * @category nat
 * @summary makes active FTP work through a rewriter: rewrites PORT commands and maps the data connection
 * @ports 1 input / 1 output, agnostic
 *
 * Expects the client-to-server packets of FTP control connections, before they pass
 * through CONTROL_REWRITER, a TCPRewriter. When a packet's TCP payload starts with a PORT
 * command (`PORT h1,h2,h3,h4,p1,p2`, RFC 959, completely inside the packet), FTPPortMapper
 *
 * 1. installs in DATA_REWRITER (an IPRewriter or TCPRewriter, possibly CONTROL_REWRITER
 *    itself) a TCP mapping for the data connection the server will open, from the PORT
 *    address and port to the packet's destination address and its destination port minus
 *    one (20 for a server on 21), rewritten by PATTERN: forward packets leave on FOUTPUT,
 *    the server's packets on ROUTPUT. The PORT address and port are the SADDR and SPORT the
 *    pattern works on. For example, with PATTERN `1.0.0.1 9000-14000 - - 0 1`, a packet
 *    from 1.0.0.2:6587 to 2.0.0.2:21 carrying `PORT 1,0,0,2,3,9` (1.0.0.2:777) installs
 *    (1.0.0.2, 777, 2.0.0.2, 20) => (1.0.0.1, 9000, 2.0.0.2, 20) and its reply
 *    (2.0.0.2, 20, 1.0.0.1, 9000) => (2.0.0.2, 20, 1.0.0.2, 777);
 * 2. rewrites the command to name the mapped address and port (`PORT 1,0,0,1,35,40`),
 *    adjusting the IP total length and checksum and recomputing the TCP checksum;
 * 3. when the command's length changed, tells CONTROL_REWRITER to shift the connection's
 *    later sequence numbers, and the acknowledgements of the other direction, by the
 *    difference (see TCPRewriter).
 *
 * The packet's own addresses and ports are not changed (CONTROL_REWRITER does that). A PORT
 * command sent again for a data connection that is still mapped reuses its mapping.
 * Packets that are not IPv4 TCP with a whole header, or whose payload does not start with a
 * well-formed PORT command, pass unchanged, and so do PORT commands for which no mapping can
 * be made (the rewriter counts the failure). Passive mode (PASV) and EPRT/EPSV need no help
 * or are not handled.
 *
 * @arg CONTROL_REWRITER element: the TCPRewriter the control connection passes through next
 * @arg DATA_REWRITER element: the IPRewriter or TCPRewriter the data connection passes through
 * @arg PATTERN spec: 'SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT' or 'NAME FOUTPUT ROUTPUT' (see IPRewriter)
 * @handler mapped read: PORT commands rewritten so far
 * @see TCPRewriter, IPRewriter, IPRewriterPatterns
 */
#pragma once
#include <memory>

#include "clickos/element.hh"
#include "rewriter_pattern.hh"

namespace clickos {

class TCPRewriter;
namespace nat {
class RewriterBase;
}

class FTPPortMapper : public SimpleElement<FTPPortMapper> {
  public:
    const char* class_name() const override { return "FTPPortMapper"; }
    int configure(Args& args) override;
    void add_handlers() override;
    Packet* action(Packet* p);

  private:
    TCPRewriter* control_ = nullptr;
    nat::RewriterBase* data_ = nullptr;
    std::shared_ptr<nat::RewritePattern> pattern_;
    int foutput_ = 0, routput_ = 0;
    uint64_t mapped_ = 0;
};

}  // namespace clickos
