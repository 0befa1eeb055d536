/**
 * @element RoundRobinSched
 * @synopsis RoundRobinSched
 * @category scheduling
 * @summary pulls from its inputs in turn
 * @ports any number of inputs / 1 output, pull
 *
 * Each pull on the output tries the inputs in turn until one gives a packet; the next pull
 * starts with the input after that one. Inputs whose upstream empty notifier says they are
 * dry (an empty Queue) are skipped without being pulled. Whatever pulls from
 * RoundRobinSched listens to the notifiers of all its inputs, so it sleeps while every
 * input is dry and wakes when any of them gets packets.
 *
 * @see PrioSched, StrideSched, PullSwitch, RoundRobinSwitch, Queue
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"

namespace clickos {

class RoundRobinSched : public Element {
  public:
    const char* class_name() const override { return "RoundRobinSched"; }
    const char* port_count() const override { return "-/1"; }
    const char* processing() const override { return "l/l"; }
    int initialize(ErrorHandler*) override;
    Packet* pull(int) override;

  private:
    std::vector<NotifierSignal> signals_;
    int next_ = 0;
};

}  // namespace clickos
