// Timers: run an element's run_timer() (or a callback) at a time on the monotonic clock.
#pragma once
#include "clickos/timestamp.hh"

namespace clickos {

class Element;
class Router;

class Timer {
  public:
    using Callback = void (*)(Timer*, void* user);

    explicit Timer(Element* e) : element_(e) {}
    Timer(Callback cb, void* user) : callback_(cb), user_(user) {}
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void initialize(Element* owner);
    void initialize(Router* router);

    void schedule_at(Timestamp when);  // monotonic time (Timestamp::now_steady())
    void schedule_after(Timestamp delay) { schedule_at(Timestamp::now_steady() + delay); }
    void schedule_after_msec(int64_t ms) { schedule_after(Timestamp::from_msec(ms)); }
    void schedule_now() { schedule_at(Timestamp::now_steady()); }
    // Next expiry measured from the previous one, so periodic timers do not drift.
    void reschedule_after(Timestamp delay) { schedule_at(expiry_ + delay); }
    void unschedule();
    bool scheduled() const { return heap_index_ >= 0; }
    Timestamp expiry() const { return expiry_; }

  private:
    friend class Router;
    void fire();
    Element* element_ = nullptr;
    Callback callback_ = nullptr;
    void* user_ = nullptr;
    Router* router_ = nullptr;
    Timestamp expiry_;
    int heap_index_ = -1;
};

}  // namespace clickos
