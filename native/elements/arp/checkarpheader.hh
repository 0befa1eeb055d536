/**
 * @element CheckARPHeader
 * @synopsis CheckARPHeader([OFFSET, VERBOSE, DETAILS])
 * @category arp
 * @summary sends packets whose ARP header is malformed to another output
 * @ports 1 input / 1-2 outputs, agnostic (output 1 push)
 *
 * Checks the ARP header that starts OFFSET bytes into each packet: the packet must hold its
 * 8-byte fixed part and the four addresses whose lengths that part gives; an Ethernet
 * hardware type needs 6-byte hardware addresses and the IPv4 protocol type 4-byte protocol
 * addresses. Valid packets leave on output 0, others on output 1, or are dropped when
 * output 1 is not connected. The first invalid packet prints a message (every one with
 * VERBOSE). The network header annotation of a valid packet is set to the ARP header.
 *
 * @arg OFFSET unsigned integer: where the ARP header starts (default 0)
 * @arg VERBOSE boolean: print a message for every invalid packet (default false)
 * @arg DETAILS boolean: count invalid packets by reason for drop_details (default false)
 * @handler drops read: invalid packets seen
 * @handler drop_details read: invalid packets by reason (only with DETAILS)
 * @see ARPPrint, ARPQuerier, ARPResponder, CheckIPHeader
 */
#pragma once
#include "clickos/element.hh"
#include "ip/error_output_element.hh"

namespace clickos {

class CheckARPHeader : public ip::ErrorOutputElement<CheckARPHeader> {
  public:
    const char* class_name() const override { return "CheckARPHeader"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p);

    enum Reason { TooShort, BadLength, BadHardware, BadProtocol, NumReasons };

  private:
    bool bad(Reason reason);

    uint32_t offset_ = 0;
    bool verbose_ = false;
    bool details_ = false;
    uint64_t drops_ = 0;
    uint64_t by_reason_[NumReasons] = {};
};

}  // namespace clickos
