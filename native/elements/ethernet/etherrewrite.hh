/**
 * @element EtherRewrite
 * @synopsis EtherRewrite(SRC, DST)
 * @category Ethernet
 * @summary sets the Ethernet source and destination addresses
 * @ports 1 input / 1 output, agnostic
 *
 * Overwrites the source and destination addresses of each Ethernet frame with SRC and DST,
 * leaving the type field and the payload alone. Useful on links with a single next hop,
 * such as a transparent firewall. Shared packets are copied before they are changed.
 * Frames shorter than an Ethernet header (14 bytes) are dropped.
 *
 * @arg SRC Ethernet address: the new source address
 * @arg DST Ethernet address: the new destination address
 * @handler src read/write: SRC
 * @handler dst read/write: DST
 * @see EtherEncap, EtherMirror
 */
#pragma once
#include <cstring>

#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class EtherRewrite : public SimpleElement<EtherRewrite> {
  public:
    const char* class_name() const override { return "EtherRewrite"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (__builtin_expect(p->length() < 14, 0)) {
            p->kill();
            return nullptr;
        }
        if (__builtin_expect(p->shared(), 0) && !(p = p->uniqueify())) return nullptr;
        std::memcpy(p->mutable_data(), addrs_, 12);
        return p;
    }

  private:
    void build();
    EtherAddress src_, dst_;
    uint8_t addrs_[12] = {};  // destination then source, as in the header
};

}  // namespace clickos
