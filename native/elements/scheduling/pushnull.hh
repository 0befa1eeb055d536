/**
 * @element PushNull
 * @synopsis PushNull
 * @category basic transfer
 * @summary passes pushed packets unchanged
 * @ports 1 input / 1 output, push
 *
 * Pushes every packet pushed into it out of its output, unchanged. Unlike Null it is push
 * only, so it fixes the processing of agnostic neighbours.
 *
 * @see Null, PullNull
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class PushNull : public SimpleElement<PushNull> {
  public:
    const char* class_name() const override { return "PushNull"; }
    const char* processing() const override { return "h/h"; }
    Packet* action(Packet* p) { return p; }
};

}  // namespace clickos
