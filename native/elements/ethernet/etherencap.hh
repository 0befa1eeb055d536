/**
 * @element EtherEncap
 * @synopsis EtherEncap(ETHERTYPE, SRC, DST)
 * @category Ethernet
 * @summary puts an Ethernet header in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Prepends a 14-byte Ethernet header with the given type and addresses, and sets the
 * packet's MAC header annotation.
 *
 * @arg ETHERTYPE integer: the type field, for example 0x0800 (IPv4)
 * @arg SRC Ethernet address: source address
 * @arg DST Ethernet address: destination address
 * @handler ethertype read/write: ETHERTYPE
 * @handler src read/write: SRC
 * @handler dst read/write: DST
 * @see EtherRewrite, EtherMirror, Strip
 */
#pragma once
#include "clickos/addresses.hh"
#include "clickos/element.hh"

namespace clickos {

class EtherEncap : public SimpleElement<EtherEncap> {
  public:
    const char* class_name() const override { return "EtherEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        p = p->push(14);
        if (!p) return nullptr;
        uint8_t* h = p->mutable_data();
        std::memcpy(h, header_, 14);
        p->set_mac_header(h);
        return p;
    }

  private:
    void build();
    uint16_t ethertype_ = 0;
    EtherAddress src_, dst_;
    uint8_t header_[14] = {};
};

}  // namespace clickos
