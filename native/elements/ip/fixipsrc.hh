/**
 * @element FixIPSrc
 * @synopsis FixIPSrc(IPADDR)
 * @category IP
 * @summary rewrites the IP source address when the Fix IP Source annotation asks for it
 * @ports 1 input / 1 output, agnostic
 *
 * Expects IP packets with a marked header. When a packet's Fix IP Source annotation
 * (FIX_IP_SRC) is set, its source address becomes IPADDR, its header checksum is
 * recomputed, and the annotation is cleared. Elements such as ICMPError set the
 * annotation because the standards want their messages to come from the outgoing
 * interface's address, which only an element on the output path knows. Packets without
 * the annotation, or whose marked header is not entirely inside the packet, pass unchanged.
 *
 * @arg IPADDR IP address: the outgoing interface's address
 * @see ICMPError
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class FixIPSrc : public SimpleElement<FixIPSrc> {
  public:
    const char* class_name() const override { return "FixIPSrc"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        if (__builtin_expect(p->anno()[anno::fix_ip_src] != 0, 0)) return fix(p);
        return p;
    }

  private:
    Packet* fix(Packet* p);
    uint32_t addr_ = 0;
};

}  // namespace clickos
