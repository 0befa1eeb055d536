/**
 * @element EtherVLANEncap
 * @synopsis EtherVLANEncap(ETHERTYPE, SRC, DST, VLAN_TCI [, VLAN_PCP, KEYWORDS])
 * @category Ethernet
 * @summary puts an 802.1Q Ethernet header in front of each packet
 * @ports 1 input / 1 output, agnostic
 *
 * Prepends an 18-byte 802.1Q header: DST, SRC, type 0x8100, the tag control information
 * (TCI) and ETHERTYPE, the type of what follows. The TCI is VLAN_TCI, or VLAN_ID with
 * VLAN_PCP; with `VLAN_TCI ANNO` it is each packet's VLAN_TCI annotation (see SetVLANAnno).
 * Packets whose VLAN ID equals NATIVE_VLAN get an ordinary 14-byte Ethernet header instead.
 * The MAC header annotation points at the new header.
 *
 * @arg ETHERTYPE integer: the encapsulated type, for example 0x0800 (IPv4)
 * @arg SRC Ethernet address: source address
 * @arg DST Ethernet address: destination address
 * @arg VLAN_TCI integer or ANNO: the whole TCI, 0 to 0xFFFF (give this or VLAN_ID)
 * @arg VLAN_PCP integer: priority code point, 0 to 7 (default 0; replaces VLAN_TCI's top bits)
 * @arg VLAN_ID integer: VLAN ID, 0 to 0xFFF (give this or VLAN_TCI)
 * @arg NATIVE_VLAN integer: VLAN ID sent without a tag, -1 for none (default 0)
 * @handler src read/write: SRC
 * @handler dst read/write: DST
 * @handler ethertype read/write: ETHERTYPE
 * @handler vlan_tci read/write: the TCI, or ANNO
 * @handler vlan_id read/write: the VLAN ID part of the TCI
 * @handler vlan_pcp read/write: the priority part of the TCI
 * @handler native_vlan read/write: NATIVE_VLAN
 * @see VLANEncap, StripEtherVLANHeader, SetVLANAnno, EtherEncap
 */
#pragma once
#include "clickos/addresses.hh"
#include "clickos/element.hh"
#include "vlan/vlan_args.hh"

namespace clickos {

class EtherVLANEncap : public SimpleElement<EtherVLANEncap> {
  public:
    const char* class_name() const override { return "EtherVLANEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        uint16_t tci = tag_.tci_for(p);
        bool plain = tag_.is_native(tci);
        if (!(p = p->push(plain ? 14 : 18))) return nullptr;
        uint8_t* d = p->mutable_data();
        std::memcpy(d, dst_.bytes, 6);
        std::memcpy(d + 6, src_.bytes, 6);
        if (plain) {
            store_be16_at(d + 12, ethertype_);
        } else {
            store_be16_at(d + 12, 0x8100);
            store_be16_at(d + 14, tci);
            store_be16_at(d + 16, ethertype_);
        }
        p->set_mac_header(d);
        return p;
    }

  private:
    uint16_t ethertype_ = 0;
    EtherAddress src_, dst_;
    VlanTag tag_;
};

}  // namespace clickos
