/**
 * @element StripToNetworkHeader
 * @synopsis StripToNetworkHeader()
 * @category basic modification
 * @summary removes everything in front of the network header
 * @ports 1 input / 1 output, agnostic
 *
 * Makes each packet start at its network header annotation (set by CheckIPHeader,
 * MarkIPHeader, ...): the bytes before it, usually a link header, are removed. When the
 * annotation points before the data (the header was stripped already), the data is moved
 * back to start at the header again. Packets without a network header annotation pass
 * unchanged.
 *
 * @see Strip, StripIPHeader, MarkIPHeader, CheckIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class StripToNetworkHeader : public SimpleElement<StripToNetworkHeader> {
  public:
    const char* class_name() const override { return "StripToNetworkHeader"; }

    Packet* action(Packet* p) {
        if (!p->has_network_header()) return p;
        int off = p->network_header_offset();
        if (off >= 0) {
            p->pull(uint32_t(off));  // pull() clamps to the length
            return p;
        }
        return move_back(p, uint32_t(-int64_t(off)));
    }

  private:
    static Packet* move_back(Packet* p, uint32_t n);
};

}  // namespace clickos
