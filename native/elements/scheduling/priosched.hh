/**
 * @element PrioSched
 * @synopsis PrioSched
 * @category scheduling
 * @summary pulls from its inputs in strict priority order
 * @ports any number of inputs / 1 output, pull
 *
 * Each pull on the output tries input 0, then input 1, and so on, and returns the first
 * packet it gets: input 0 always goes first, and a lower-priority input is served only when
 * every input before it is dry. Inputs whose upstream empty notifier says they are dry (an
 * empty Queue) are skipped without being pulled. Whatever pulls from PrioSched listens to
 * the notifiers of all its inputs, so it sleeps while every input is dry.
 *
 * @see RoundRobinSched, StrideSched, PullSwitch, Queue
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"

namespace clickos {

class PrioSched : public Element {
  public:
    const char* class_name() const override { return "PrioSched"; }
    const char* port_count() const override { return "-/1"; }
    const char* processing() const override { return "l/l"; }
    int initialize(ErrorHandler*) override;
    Packet* pull(int) override;

  private:
    std::vector<NotifierSignal> signals_;
};

}  // namespace clickos
