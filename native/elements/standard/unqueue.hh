/**
 * @element Unqueue
 * @synopsis Unqueue([BURST, ACTIVE, LIMIT])
 * @category storage
 * @summary pulls packets and pushes them out
 * @ports 1 input / 1 output, pull input, push output
 *
 * A task pulls up to BURST packets from its input per run and pushes them out as a batch.
 * While the upstream empty notifier is inactive (an empty Queue) the task sleeps; a source
 * without a notifier is polled. After LIMIT packets it stops (negative: no limit).
 *
 * @arg BURST integer: packets per task run (default 1)
 * @arg ACTIVE boolean: whether to pull (default true)
 * @arg LIMIT integer: packets to move, negative for no limit (default -1)
 * @handler count read: packets moved
 * @handler reset write: sets count to zero
 * @handler burst read/write: BURST
 * @handler active read/write: ACTIVE
 * @handler limit read/write: LIMIT
 * @see Queue, RatedUnqueue
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"

namespace clickos {

class Unqueue : public Element {
  public:
    Unqueue() : task_(this) {}
    const char* class_name() const override { return "Unqueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    bool run_task(Task*) override;

  private:
    Task task_;
    NotifierSignal signal_;
    uint32_t burst_ = 1;
    bool active_ = true;
    int64_t limit_ = -1;
    uint64_t count_ = 0;
};

}  // namespace clickos
