// Notifiers: an element says whether it may have packets (empty notifier, e.g. a Queue that
// is not empty) or room for them (full notifier). Elements downstream of a pull path look
// up the signal and let their task sleep while it is inactive; the notifier wakes them.
#pragma once
#include <vector>

namespace clickos {

class Task;

class ActiveNotifier {
  public:
    static constexpr const char* empty_name = "Notifier.EMPTY";  // cast() names
    static constexpr const char* full_name = "Notifier.FULL";

    bool active() const { return active_; }
    // Becoming active wakes every listener.
    void set_active(bool active);
    void wake();
    void add_listener(Task* t);

  private:
    bool active_ = true;
    std::vector<Task*> listeners_;
};

// What a listener sees: the OR of the notifiers found, or always active when some path
// has no notifier (a source that must be polled).
class NotifierSignal {
  public:
    bool active() const {
        if (always_) return true;
        for (const ActiveNotifier* n : notifiers_)
            if (n->active()) return true;
        return false;
    }
    bool always_active() const { return always_; }
    void add(const ActiveNotifier* n) { notifiers_.push_back(n); }
    void set_always_active() { always_ = true; }
    bool empty() const { return !always_ && notifiers_.empty(); }

  private:
    bool always_ = false;
    std::vector<const ActiveNotifier*> notifiers_;
};

}  // namespace clickos
