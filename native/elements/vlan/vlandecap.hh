/**
 * @element VLANDecap
 * @synopsis VLANDecap([ANNO, KEYWORDS])
 * @category Ethernet
 * @summary removes the 802.1Q tag from Ethernet frames
 * @ports 1 input / 1 output, agnostic
 *
 * Expects Ethernet frames that may carry an 802.1Q tag. A frame of type ETHERTYPE that is
 * long enough for the tag (18 bytes) loses the tag, leaving an ordinary Ethernet frame
 * whose type is the one behind the tag. Other frames, including truncated tagged ones,
 * pass unchanged. With ANNO, the VLAN_TCI annotation is set to the removed TCI (network
 * byte order), or to 0 for frames that were not tagged. The MAC header annotation points
 * at the result.
 *
 * @arg ANNO boolean: set the VLAN_TCI annotation (default true)
 * @arg ETHERTYPE integer: the type that marks a tag (default 0x8100; 0x88a8 for 802.1ad, 0x9100)
 * @see VLANEncap, StripEtherVLANHeader
 */
#pragma once
#include "clickos/element.hh"
#include "vlan/vlan_args.hh"

namespace clickos {

class VLANDecap : public SimpleElement<VLANDecap> {
  public:
    const char* class_name() const override { return "VLANDecap"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        uint16_t tci = 0;
        if (p->length() >= 18 && load_be16_at(p->data() + 12) == ethertype_) {
            if (!(p = p->uniqueify())) return nullptr;
            uint8_t* d = p->mutable_data();
            tci = load_be16_at(d + 14);
            std::memmove(d + 4, d, 12);
            p->pull(4);
        }
        if (anno_) set_vlan_tci_anno(p, tci);
        p->set_mac_header(p->data());
        return p;
    }

  private:
    bool anno_ = true;
    uint16_t ethertype_ = 0x8100;
};

}  // namespace clickos
