/**
 * @element DelayUnqueue
 * @synopsis DelayUnqueue(DELAY)
 * @category shaping
 * @summary pulls packets and pushes each out DELAY after its timestamp
 * @ports 1 input / 1 output, pull input, push output
 *
 * A task pulls packets one at a time and pushes each out no earlier than T + DELAY, where T
 * is its timestamp annotation (a wall-clock time, as SetTimestamp and FromDevice set it; a
 * packet without one is due at once). When it leaves, its timestamp is set to the current
 * time. While the packet it holds is not due the task sleeps on a timer; while the upstream
 * empty notifier says there is nothing to pull (an empty Queue) it sleeps until woken.
 * Packets keep their order: one that is due waits behind one that is not.
 *
 * @arg DELAY time: how long after its timestamp a packet may leave, for example 50ms
 * @handler delay read/write: DELAY
 * @handler scheduled read: whether the task is scheduled
 * @handler tickets read/write: the task's tickets
 * @see DelayShaper, LinkUnqueue, Unqueue, RatedUnqueue, SetTimestamp
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos {

class DelayUnqueue : public Element {
  public:
    DelayUnqueue() : task_(this), timer_(this) {}
    const char* class_name() const override { return "DelayUnqueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override { task_.reschedule(); }

  private:
    static constexpr int max_burst = 32;  // packets per task run

    Task task_;
    Timer timer_;
    NotifierSignal signal_;
    Timestamp delay_;
    Packet* held_ = nullptr;
};

}  // namespace clickos
