/**
 * @element ARPPrint
 * @synopsis ARPPrint([TAG, KEYWORDS])
 * @category ARP
 * @summary prints ARP packets, one line each, the way tcpdump does
 * @ports 1 input / 1 output, agnostic
 *
 * Writes a line for each ARP packet to the standard error (or OUTFILE) and passes the packet
 * on unchanged. The line starts with `TAG: ` (when TAG is not empty) and the timestamp
 * annotation (`SEC.USEC: `, when TIMESTAMP is true), then describes the packet:
 * `arp who-has TARGET tell SENDER` for a request, `arp reply SENDER is-at SENDER_ETH` for a
 * reply, `arp opcode N` for other operations, `arp hrd H pro P` for packets not about
 * Ethernet and IPv4 addresses, and `truncated-arp (LENGTH)` when fewer than the 28 bytes of
 * an Ethernet/IPv4 ARP packet are present.
 *
 * The ARP header is found at the network header annotation; when that is unset, at the data
 * start, or just after an Ethernet header when the packet starts with one of type 0x0806.
 *
 * @arg TAG string: text at the start of each line (default empty)
 * @arg TIMESTAMP boolean: print the packet's timestamp annotation (default true)
 * @arg OUTFILE filename: write the lines to this file (created or truncated when the router
 *   starts) instead of standard error
 * @handler active read/write: whether lines are printed (default true)
 * @see Print, IPPrint, ARPQuerier, ARPResponder
 */
#pragma once
#include <string>

#include "clickos/element.hh"

namespace clickos {

class ARPPrint : public SimpleElement<ARPPrint> {
  public:
    const char* class_name() const override { return "ARPPrint"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (active_) print(p);
        return p;
    }
    // The text of p's line, without the newline.
    std::string line(const Packet* p) const;

  private:
    void print(const Packet* p);
    void format(const Packet* p, std::string& out) const;
    std::string tag_;
    bool timestamp_ = true;
    bool active_ = true;
    std::string outfile_;
    int fd_ = -1;
    std::string buffer_;
};

}  // namespace clickos
