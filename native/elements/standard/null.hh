/**
 * @element Null
 * @synopsis Null
 * @category basic transfer
 * @summary passes packets unchanged
 * @ports 1 input / 1 output, agnostic
 *
 * Passes every packet from its input to its output unchanged, in push or pull mode.
 *
 * @see Idle, Discard
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Null : public SimpleElement<Null> {
  public:
    const char* class_name() const override { return "Null"; }
    Packet* action(Packet* p) { return p; }
};

}  // namespace clickos
