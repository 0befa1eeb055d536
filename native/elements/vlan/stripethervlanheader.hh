/**
 * @element StripEtherVLANHeader
 * @synopsis StripEtherVLANHeader([NATIVE_VLAN])
 * @category Ethernet
 * @summary removes the Ethernet header, 802.1Q tag included, and keeps the TCI
 * @ports 1 input / 1 or 2 outputs, agnostic (output 1 push)
 *
 * Removes each frame's link header. A frame of type 0x8100 loses its 18-byte 802.1Q
 * header and its VLAN_TCI annotation is set to the tag's TCI. Any other frame is taken as
 * untagged on the native VLAN: it loses its 14-byte Ethernet header and its VLAN_TCI
 * annotation is set to NATIVE_VLAN; when NATIVE_VLAN is negative, untagged frames are
 * dropped, or sent to output 1 if there is one. Frames too short for their header (under 14
 * bytes, or tagged and under 18) go to output 1 (or are dropped) unchanged. The annotation
 * is stored in network byte order; the MAC header annotation points at the removed header.
 *
 * @arg NATIVE_VLAN integer: VLAN ID given to untagged frames, -1 to refuse them (default 0)
 * @handler native_vlan read/write: NATIVE_VLAN
 * @see EtherVLANEncap, VLANDecap, Strip
 */
#pragma once
#include "ip/error_output_element.hh"
#include "vlan/vlan_args.hh"

namespace clickos {

class StripEtherVLANHeader : public ip::ErrorOutputElement<StripEtherVLANHeader> {
  public:
    const char* class_name() const override { return "StripEtherVLANHeader"; }
    int configure(Args& args) override;
    void add_handlers() override;

    bool process(Packet*& p) {
        uint32_t len = p->length();
        if (len < 14) return false;
        const uint8_t* d = p->data();
        if (load_be16_at(d + 12) == 0x8100) {
            if (len < 18) return false;
            set_vlan_tci_anno(p, load_be16_at(d + 14));
            p->set_mac_header(d);
            p->pull(18);
            return true;
        }
        if (native_ < 0) return false;
        set_vlan_tci_anno(p, uint16_t(native_));
        p->set_mac_header(d);
        p->pull(14);
        return true;
    }

  private:
    int32_t native_ = 0;
};

}  // namespace clickos
