// For pull elements that hold packets back (BandwidthShaper, DelayShaper): an empty notifier
// that lets whatever pulls from them sleep instead of spinning. A timer wakes the pullers
// when the element may send again; the upstream empty notifier wakes them when packets
// arrive after the input ran dry.
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/router.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos {

class PullSleeper {
  public:
    PullSleeper() : timer_(&PullSleeper::timer_fired, this), upstream_task_(&PullSleeper::upstream_woke, this) {}
    PullSleeper(const PullSleeper&) = delete;
    PullSleeper& operator=(const PullSleeper&) = delete;

    // Call from the element's initialize(): listens to what feeds `input`.
    void initialize(Element* e, int input) {
        timer_.initialize(e->router());
        upstream_task_.initialize(e->router(), false);
        upstream_ = e->router()->upstream_empty_signal(e, input, &upstream_task_);
        notifier_.set_active(true);
    }
    // What the element returns from cast(ActiveNotifier::empty_name).
    ActiveNotifier* notifier() { return &notifier_; }
    bool awake() const { return notifier_.active(); }

    // Nothing may leave before `when` (monotonic): pullers sleep until then.
    void sleep_until(Timestamp when) {
        notifier_.set_active(false);
        timer_.schedule_at(when);
    }
    // Nothing may leave until wake() (a rate of zero, an inactive element).
    void sleep() {
        timer_.unschedule();
        parked_ = true;
        notifier_.set_active(false);
    }
    // The input gave nothing: sleep until upstream has packets, unless it must be polled.
    void input_empty() {
        if (!upstream_.active() && !timer_.scheduled()) notifier_.set_active(false);
    }
    // Something changed (a handler): let the pullers look again.
    void wake() {
        timer_.unschedule();
        parked_ = false;
        notifier_.set_active(true);
    }

  private:
    static void timer_fired(Timer*, void* self) { static_cast<PullSleeper*>(self)->notifier_.set_active(true); }
    // Packets arrived upstream; while waiting for the timer (or parked) they must wait anyway.
    static bool upstream_woke(Task*, void* self) {
        auto* s = static_cast<PullSleeper*>(self);
        if (!s->timer_.scheduled() && !s->parked_) s->notifier_.set_active(true);
        return false;
    }

    ActiveNotifier notifier_;
    NotifierSignal upstream_;
    Timer timer_;
    Task upstream_task_;
    bool parked_ = false;
};

}  // namespace clickos
