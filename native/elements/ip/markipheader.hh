/**
 * @element MarkIPHeader
 * @synopsis MarkIPHeader([OFFSET])
 * @category IP
 * @summary sets the IP header annotation without checking the header
 * @ports 1 input / 1 output, agnostic
 *
 * Marks the IPv4 header that starts OFFSET bytes into each packet: the network header
 * annotation points there, with the header length its IHL field gives, and the transport
 * header annotation right after it. Nothing is checked, the packet is not shortened to the
 * IP length and the destination IP annotation is left alone (CheckIPHeader does those).
 * On a packet too short for what the header claims, the annotation is clamped to the end
 * of the packet, so later elements never look past the data.
 *
 * @arg OFFSET unsigned: where the IP header starts (default 0)
 * @see CheckIPHeader, CheckIPHeader2, StripIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class MarkIPHeader : public SimpleElement<MarkIPHeader> {
  public:
    const char* class_name() const override { return "MarkIPHeader"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        uint32_t len = p->length();
        uint32_t off = offset_ < len ? offset_ : len;
        uint32_t hlen = off < len ? uint32_t(p->data()[off] & 15) * 4 : 0;
        if (hlen > len - off) hlen = len - off;
        p->set_network_header(p->data() + off, hlen);
        return p;
    }

  private:
    uint32_t offset_ = 0;
};

}  // namespace clickos
