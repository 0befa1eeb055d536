/**
 * @element PullNull
 * @synopsis PullNull
 * @category basic transfer
 * @summary passes pulled packets unchanged
 * @ports 1 input / 1 output, pull
 *
 * Answers every pull by pulling a packet from its input and returning it unchanged. Unlike
 * Null it is pull only, so it fixes the processing of agnostic neighbours.
 *
 * @see Null, PushNull
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class PullNull : public SimpleElement<PullNull> {
  public:
    const char* class_name() const override { return "PullNull"; }
    const char* processing() const override { return "l/l"; }
    Packet* action(Packet* p) { return p; }
};

}  // namespace clickos
