/**
 * @element UnstripIPHeader
 * @synopsis UnstripIPHeader()
 * @category IP
 * @summary puts back the IP header StripIPHeader removed
 * @ports 1 input / 1 output, agnostic
 *
 * Undoes StripIPHeader: when a packet's network header annotation (set by CheckIPHeader or
 * MarkIPHeader) points before the start of its data, the data is extended back to start at
 * that header again, with the bytes it held before. Packets whose IP header is still on,
 * or that have no network header annotation, pass unchanged. Headers stripped from a packet
 * that other elements share (after Tee) are restored in a private copy.
 *
 * @see StripIPHeader, CheckIPHeader, MarkIPHeader, Unstrip
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class UnstripIPHeader : public SimpleElement<UnstripIPHeader> {
  public:
    const char* class_name() const override { return "UnstripIPHeader"; }

    Packet* action(Packet* p) {
        const uint8_t* net = p->network_header();
        if (!net || net >= p->data() || net < p->buffer()) return p;
        uint32_t n = uint32_t(p->data() - net);
        return p->shared() ? restore_copy(p, n) : p->push(n);
    }

  private:
    static Packet* restore_copy(Packet* p, uint32_t n);
};

}  // namespace clickos
