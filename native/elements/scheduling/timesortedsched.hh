/**
 * @element TimeSortedSched
 * @synopsis TimeSortedSched([KEYWORDS])
 * @category scheduling
 * @summary merges packet streams in timestamp order
 * @ports any number of inputs / 1 output, pull
 *
 * Answers each pull with the chronologically next packet among its inputs: it keeps the
 * next packet of every input (pulling one from each input that has none and whose upstream
 * empty notifier says it may have one) and returns the one with the earliest timestamp
 * annotation, the lowest input number first among equal timestamps. When every input's
 * stream is sorted, the output is sorted. A packet that reaches an input after a later one
 * already left is sent as soon as it is the earliest held.
 *
 * TimeSortedSched has an empty notifier: whatever pulls from it sleeps while it holds
 * nothing and every input is dry, and wakes when an input gets packets.
 *
 * @arg STOP boolean: stop the router when no packet is held and every input's notifier says
 *   it is dry (default false)
 * @handler stop read/write: STOP
 * @see FromDump, PrioSched, RoundRobinSched
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "scheduling/input_watch.hh"

namespace clickos {

class TimeSortedSched : public Element {
  public:
    const char* class_name() const override { return "TimeSortedSched"; }
    const char* port_count() const override { return "-/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    Packet* pull(int) override;

  private:
    std::vector<Packet*> held_;  // the next packet of each input, or null
    InputWatch watch_;
    bool stop_ = false;
};

}  // namespace clickos
