// Tasks: units of work the router's scheduler runs while they are scheduled. A task is
// unscheduled while it runs; its element calls fast_reschedule() to run again. Tasks share
// the CPU by tickets (stride scheduling): twice the tickets, twice the runs.
#pragma once
#include <cstdint>

namespace clickos {

class Element;
class Router;

class Task {
  public:
    static constexpr int default_tickets = 1024;
    static constexpr int max_tickets = 32768;
    using Callback = bool (*)(Task*, void* user);

    explicit Task(Element* e) : element_(e) {}  // runs e->run_task(this)
    Task(Callback cb, void* user) : callback_(cb), user_(user) {}
    ~Task();
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

    // Attaches the task to its element's router; call from initialize().
    void initialize(Element* owner, bool schedule);
    void initialize(Router* router, bool schedule);

    void reschedule();
    void fast_reschedule() { reschedule(); }
    void unschedule();
    bool scheduled() const { return scheduled_; }
    int tickets() const { return tickets_; }
    void set_tickets(int t);
    Element* element() const { return element_; }
    uint64_t runs() const { return runs_; }

  private:
    friend class Router;
    bool fire();
    Element* element_ = nullptr;
    Callback callback_ = nullptr;
    void* user_ = nullptr;
    Router* router_ = nullptr;
    bool scheduled_ = false;
    bool want_schedule_ = false;  // scheduled before the router was attached
    int tickets_ = default_tickets;
    uint64_t pass_ = 0;
    uint64_t runs_ = 0;
    int heap_index_ = -1;
};

}  // namespace clickos
