/**
 * @element VLANEncap
 * @synopsis VLANEncap([VLAN_TCI, VLAN_PCP, KEYWORDS])
 * @category Ethernet
 * @summary inserts an 802.1Q tag into Ethernet frames
 * @ports 1 input / 1 output, agnostic
 *
 * Expects Ethernet frames and inserts a 4-byte 802.1Q tag after the two addresses: the
 * frame's type becomes ETHERTYPE (0x8100) followed by the tag control information (TCI:
 * priority code point in the top 3 bits, VLAN ID in the low 12), and the old type moves
 * behind it. The TCI is VLAN_TCI, or VLAN_ID with VLAN_PCP; with `VLAN_TCI ANNO` it is
 * each packet's VLAN_TCI annotation. Frames whose VLAN ID equals NATIVE_VLAN pass untagged.
 * Frames shorter than an Ethernet header (14 bytes) are dropped. The MAC header annotation
 * points at the result.
 *
 * @arg VLAN_TCI integer or ANNO: the whole TCI, 0 to 0xFFFF (give this or VLAN_ID)
 * @arg VLAN_PCP integer: priority code point, 0 to 7 (default 0; replaces VLAN_TCI's top bits)
 * @arg VLAN_ID integer: VLAN ID, 0 to 0xFFF (give this or VLAN_TCI)
 * @arg NATIVE_VLAN integer: VLAN ID sent untagged, -1 for none (default 0)
 * @arg ETHERTYPE integer: the tag's type (default 0x8100; 0x88a8 for 802.1ad, 0x9100)
 * @handler vlan_tci read/write: the TCI, or ANNO
 * @handler vlan_id read/write: the VLAN ID part of the TCI
 * @handler vlan_pcp read/write: the priority part of the TCI
 * @handler native_vlan read/write: NATIVE_VLAN
 * @handler ethertype read/write: ETHERTYPE
 * @see VLANDecap, EtherVLANEncap, SetVLANAnno
 */
#pragma once
#include "clickos/element.hh"
#include "vlan/vlan_args.hh"

namespace clickos {

class VLANEncap : public SimpleElement<VLANEncap> {
  public:
    const char* class_name() const override { return "VLANEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        if (p->length() < 14) {
            p->kill();
            return nullptr;
        }
        uint16_t tci = tag_.tci_for(p);
        if (tag_.is_native(tci)) {
            p->set_mac_header(p->data());
            return p;
        }
        if (!(p = p->push(4))) return nullptr;
        uint8_t* d = p->mutable_data();
        std::memmove(d, d + 4, 12);
        store_be16_at(d + 12, ethertype_);
        store_be16_at(d + 14, tci);
        p->set_mac_header(d);
        return p;
    }

  private:
    VlanTag tag_;
    uint16_t ethertype_ = 0x8100;
};

}  // namespace clickos
