/**
 * @element StripIPHeader
 * @synopsis StripIPHeader()
 * @category IP
 * @summary removes everything up to the transport header
 * @ports 1 input / 1 output, agnostic
 *
 * Removes the outermost IP header, as marked by the header annotations (CheckIPHeader,
 * MarkIPHeader): the packet then starts at its transport header. Annotations are left
 * as they were, so the network header annotation still points at the removed header; to
 * handle an inner (IP-in-IP) header, mark it again with CheckIPHeader or MarkIPHeader.
 * Packets without a network header annotation pass unchanged.
 *
 * @see CheckIPHeader, MarkIPHeader, UnstripIPHeader, Strip
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class StripIPHeader : public SimpleElement<StripIPHeader> {
  public:
    const char* class_name() const override { return "StripIPHeader"; }

    Packet* action(Packet* p) {
        if (p->has_network_header()) {
            int off = p->transport_header_offset();
            if (off > 0) p->pull(uint32_t(off));  // pull() clamps to the length
        }
        return p;
    }
};

}  // namespace clickos
