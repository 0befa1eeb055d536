/**
 * @element AlignmentInfo
 * @synopsis AlignmentInfo(ELEMENT [MODULUS OFFSET ...], ...)
 * @category information
 * @summary records the packet data alignment elements may expect
 * @ports no ports
 *
 * Each argument names an element and gives zero or more MODULUS OFFSET pairs, one per input:
 * packets reaching that element's input n start OFFSETn bytes past a MODULUSn-byte boundary.
 * Click's click-align tool writes these for elements that need aligned data.
 *
 * Our engine has no alignment requirements: packet data may start anywhere, and elements
 * read multi-byte fields without assuming alignment. So AlignmentInfo changes nothing; it
 * checks its arguments (the element must exist, MODULUS must be positive and OFFSET smaller
 * than MODULUS) so that configurations written for Click load unchanged, and answers
 * queries from elements that ask.
 *
 * @arg ELEMENT_ALIGNMENT "ELEMENT [MODULUS OFFSET ...]": an element and the alignment of
 *   each of its inputs
 * @see Align
 */
#pragma once
#include <string>
#include <vector>

#include "clickos/element.hh"

namespace clickos {

class AlignmentInfo : public Element {
  public:
    const char* class_name() const override { return "AlignmentInfo"; }
    int configure_phase() const override { return CONFIGURE_PHASE_INFO; }
    int configure(Args& args) override;

    // The alignment given for input `port` of `e`; false if none was given.
    bool query(const Element* e, int port, uint32_t& modulus, uint32_t& offset) const;

  private:
    struct Entry {
        const Element* element;
        std::vector<std::pair<uint32_t, uint32_t>> inputs;  // (modulus, offset) per input
    };
    std::vector<Entry> entries_;
};

}  // namespace clickos
