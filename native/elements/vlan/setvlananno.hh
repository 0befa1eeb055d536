/**
 * @element SetVLANAnno
 * @synopsis SetVLANAnno(VLAN_TCI [, VLAN_PCP, KEYWORDS])
 * @category Ethernet
 * @summary sets the VLAN_TCI annotation
 * @ports 1 input / 1 output, agnostic
 *
 * Sets each packet's VLAN_TCI annotation (network byte order) to VLAN_TCI, or to VLAN_ID
 * with VLAN_PCP; give exactly one of VLAN_TCI and VLAN_ID. Packet data is not touched.
 * EtherVLANEncap and VLANEncap in ANNO mode read the annotation.
 *
 * @arg VLAN_TCI integer: the whole TCI, 0 to 0xFFFF
 * @arg VLAN_PCP integer: priority code point, 0 to 7 (replaces VLAN_TCI's top bits)
 * @arg VLAN_ID integer: VLAN ID, 0 to 0xFFF
 * @handler vlan_tci read/write: the TCI
 * @handler vlan_id read/write: the VLAN ID part of the TCI
 * @handler vlan_pcp read/write: the priority part of the TCI
 * @see EtherVLANEncap, VLANEncap, VLANDecap
 */
#pragma once
#include "clickos/element.hh"
#include "vlan/vlan_args.hh"

namespace clickos {

class SetVLANAnno : public SimpleElement<SetVLANAnno> {
  public:
    const char* class_name() const override { return "SetVLANAnno"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        set_vlan_tci_anno(p, tci_);
        return p;
    }

  private:
    uint16_t tci_ = 0;
};

}  // namespace clickos
