// For pull elements that choose among their inputs (PullSwitch, TimeSortedSched): the
// upstream empty signal of every input, and an empty notifier of their own that tells what
// pulls from them to sleep while the inputs they would pull from are dry. Any input's
// notifier waking wakes it again; the element then puts it back to sleep on its next
// fruitless pull if that input is not the one it wants.
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/router.hh"
#include "clickos/task.hh"

namespace clickos {

class InputWatch {
  public:
    InputWatch() : wake_task_(&InputWatch::upstream_woke, this) {}
    InputWatch(const InputWatch&) = delete;
    InputWatch& operator=(const InputWatch&) = delete;

    // Call from the element's initialize().
    void initialize(Element* e) {
        wake_task_.initialize(e->router(), false);
        signals_.clear();
        for (int i = 0; i < e->ninputs(); ++i)
            signals_.push_back(e->router()->upstream_empty_signal(e, i, &wake_task_));
        notifier_.set_active(true);
    }
    // What the element returns from cast(ActiveNotifier::empty_name).
    ActiveNotifier* notifier() { return &notifier_; }
    const NotifierSignal& signal(int input) const { return signals_[size_t(input)]; }
    bool any_input_active() const {
        for (const NotifierSignal& s : signals_)
            if (s.active()) return true;
        return false;
    }
    void sleep() { notifier_.set_active(false); }
    void wake() { notifier_.set_active(true); }

  private:
    static bool upstream_woke(Task*, void* self) {
        static_cast<InputWatch*>(self)->notifier_.set_active(true);
        return false;
    }

    ActiveNotifier notifier_;
    std::vector<NotifierSignal> signals_;
    Task wake_task_;
};

}  // namespace clickos
