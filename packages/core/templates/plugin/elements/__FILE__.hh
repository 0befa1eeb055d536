/**
 * @element __CLASS__
 * @synopsis __CLASS__(ETHERTYPE)
 * @category __NAME__
 * @summary passes Ethernet frames of one EtherType, drops the others
 * @ports 1 input / 1 output, agnostic
 *
 * Forwards each frame whose EtherType (bytes 12-13) is ETHERTYPE and drops every other frame,
 * including frames too short to have an EtherType.
 *
 * @arg ETHERTYPE integer: the EtherType that passes, 0 to 0xFFFF
 * @handler passed read: frames forwarded
 * @handler dropped read: frames dropped
 * @handler ethertype read/write: ETHERTYPE
 */
#pragma once
#include <cstdint>

#include "clickos/element.hh"

namespace __NAME_ID__ {

class __CLASS__ : public clickos::SimpleElement<__CLASS__> {
  public:
    const char* class_name() const override { return "__CLASS__"; }
    int configure(clickos::Args& args) override;
    void add_handlers() override;
    void take_state(clickos::Element* old, clickos::ErrorHandler* errh) override;

    clickos::Packet* action(clickos::Packet* p) {
        const uint8_t* h = p->data();
        if (p->length() >= 14 && ((uint16_t(h[12]) << 8) | h[13]) == ethertype_) {
            ++passed_;
            return p;
        }
        ++dropped_;
        p->kill();
        return nullptr;
    }

  private:
    uint16_t ethertype_ = 0;
    uint64_t passed_ = 0;
    uint64_t dropped_ = 0;
};

}  // namespace __NAME_ID__
