// Tasks, timers and notifiers: the parts that talk to the router's scheduler.
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/router.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos {

Task::~Task() {
    if (router_ && scheduled_) router_->unschedule(this);
}

void Task::initialize(Element* owner, bool schedule) {
    initialize(owner->router(), schedule);
}

void Task::initialize(Router* router, bool schedule) {
    router_ = router;
    if (schedule || want_schedule_) reschedule();
}

void Task::reschedule() {
    if (scheduled_) return;
    if (!router_) {
        want_schedule_ = true;
        return;
    }
    router_->schedule(this);
}

void Task::unschedule() {
    want_schedule_ = false;
    if (scheduled_ && router_) router_->unschedule(this);
}

void Task::set_tickets(int t) {
    tickets_ = t < 1 ? 1 : t > max_tickets ? max_tickets : t;
}

bool Task::fire() {
    ++runs_;
    return callback_ ? callback_(this, user_) : element_->run_task(this);
}

Timer::~Timer() {
    if (router_ && scheduled()) router_->unschedule(this);
}

void Timer::initialize(Element* owner) {
    router_ = owner->router();
}
void Timer::initialize(Router* router) {
    router_ = router;
}

void Timer::schedule_at(Timestamp when) {
    if (!router_) return;
    if (scheduled()) router_->unschedule(this);
    expiry_ = when;
    router_->schedule(this);
}

void Timer::unschedule() {
    if (router_ && scheduled()) router_->unschedule(this);
}

void Timer::fire() {
    if (callback_)
        callback_(this, user_);
    else
        element_->run_timer(this);
}

void ActiveNotifier::set_active(bool active) {
    bool was = active_;
    active_ = active;
    if (active && !was) wake();
}

void ActiveNotifier::wake() {
    for (Task* t : listeners_) t->reschedule();
}

void ActiveNotifier::add_listener(Task* t) {
    for (Task* x : listeners_)
        if (x == t) return;
    listeners_.push_back(t);
}

}  // namespace clickos
