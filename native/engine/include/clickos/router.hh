// The router: a running configuration. It builds the element graph from a flattened
// configuration (classes, ports, push/pull resolution, configure, initialize), owns the
// handlers, and runs the scheduler (tasks, timers, file descriptors) until stopped.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clickos/element.hh"
#include "clickos/error.hh"
#include "clickos/notifier.hh"
#include "clickos/platform.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"
#include "lang/flat_graph.hh"

namespace clickos {

struct RouterOptions {
    // Directories searched for element packages (require(package NAME)).
    std::vector<std::string> package_path;
    // Build the graph and check it, but do not configure or initialize elements.
    bool check_only = false;
    // The configuration as written and as flattened, for the `config`/`flatconfig` handlers.
    std::string config_text;
};

class Router {
  public:
    ~Router();

    // Builds and initializes a router; returns null after reporting every error to errh.
    static std::unique_ptr<Router> build(const lang::FlatGraph& graph, ErrorHandler* errh,
                                         const RouterOptions& options = {});
    // Graph checks only (classes, ports, push/pull, arguments): what `check` reports.
    static bool check(const lang::FlatGraph& graph, ErrorHandler* errh, const RouterOptions& options = {});

    int nelements() const { return int(elements_.size()); }
    Element* element(int i) const { return elements_[i].get(); }
    // By full name, or relative to `context`'s compound prefix first (as Click resolves names).
    Element* find(const std::string& name, const Element* context = nullptr) const;

    // ---- handlers ----
    // `element` null means a global handler ("version", "list", "stop", ...).
    const Handler* handler(const Element* element, const std::string& name) const;
    const std::vector<Handler>& global_handlers() const { return globals_; }
    // A global handler added by the program running the router (clickos-instance's
    // `hotconfig`); one of the same name is replaced.
    void add_global_handler(Handler h);
    // "elem.handler" or "handler" (global); returns null and sets `why` if unknown.
    const Handler* find_handler(const std::string& full_name, Element** element, std::string& why) const;
    // Read/write by name; return false with `error` set on failure.
    bool read(const std::string& full_name, std::string& out, std::string& error);
    bool write(const std::string& full_name, const std::string& value, std::string& error);
    // Writes `handler` as an element's COUNT_CALL or END_CALL does: the element name in
    // "elem.h" is taken relative to `context`'s compound first; a bare name is global.
    bool write_from(const Element* context, const std::string& handler, const std::string& value, std::string& error);
    // The same for a "HANDLER [VALUE]" call string.
    bool call_from(const Element* context, const std::string& call, std::string& error);

    // ---- running ----
    // Runs until stopped (stop requests, or nothing left that could ever run).
    void run();
    // Runs at most `max_ns` of wall time (tests); returns true if the router stopped.
    bool run_for(int64_t max_ns);
    // A stop request (InfiniteSource STOP, Counter's stop handler, DriverManager's `stop`).
    void please_stop();
    int stop_requests() const { return stop_requests_; }
    // DriverManager takes over stop requests: they are counted but do not stop the router.
    void set_stop_managed(bool managed) { stop_managed_ = managed; }
    // The task of the element managing stops (DriverManager, Script TYPE DRIVER): while stops
    // are managed, every stop request reschedules it, and so does the router running out of
    // work (no tasks, timers or descriptors), which counts as a stop request too.
    void set_stop_listener(Task* t) { stop_listener_ = t; }
    void stop_now() { stopped_ = true; }
    // For `ns` after a task last did work, descriptors are polled instead of waited on, so the
    // next event of an exchange (a reply in a ring) costs no wake-up. 0 (the default) waits.
    void set_idle_poll_ns(int64_t ns) { idle_poll_ns_ = ns; }
    // Times the router waited for an event with nothing to run (slept).
    uint64_t sleeps() const { return sleeps_; }
    bool stopped() const { return stopped_; }
    void add_select(int fd, int mask, Element* e);  // Poller::Read/Write; mask 0 removes
    platform::Poller& poller() { return poller_; }

    // ---- notifiers ----
    NotifierSignal upstream_empty_signal(Element* e, int input, Task* listener);
    NotifierSignal downstream_full_signal(Element* e, int output, Task* listener);

    // ---- information ----
    const std::string& config_text() const { return options_.config_text; }
    std::string flat_config() const;
    // Packets that went through an element's port (icounts/ocounts).
    uint64_t port_count(const Element* e, bool input, int port) const;
    const std::vector<lang::Requirement>& requirements() const { return graph_.requirements; }
    const lang::FlatGraph& graph() const { return graph_; }
    // Elements whose name and class match in `old`: for hot-swap.
    void take_state_from(Router& old, ErrorHandler* errh);

    // ---- scheduler internals (Task and Timer call these) ----
    void schedule(Task* t);
    void unschedule(Task* t);
    void schedule(Timer* t);
    void unschedule(Timer* t);

  private:
    Router() = default;
    bool create_elements(ErrorHandler* errh);
    bool load_packages(ErrorHandler* errh);
    bool check_ports(ErrorHandler* errh);
    bool resolve_processing(ErrorHandler* errh);
    void connect_ports();
    bool configure(ErrorHandler* errh);
    bool initialize(ErrorHandler* errh);
    void add_standard_handlers(Element* e);
    void add_global_handlers();
    void run_timers(int64_t now);
    void task_heap_push(Task* t);
    Task* task_heap_pop();
    void task_heap_remove(Task* t);
    void timer_heap_up(int i);
    void timer_heap_down(int i);
    bool idle_forever() const;

    RouterOptions options_;
    lang::FlatGraph graph_;
    std::vector<std::unique_ptr<Element>> elements_;
    std::map<std::string, int> by_name_;
    std::vector<Handler> globals_;
    std::vector<void*> packages_;
    CleanupStage stage_ = CleanupStage::Failed;
    int initialized_ = 0;  // elements initialized so far (for cleanup after a failure)

    std::vector<Task*> tasks_;  // min-heap by pass
    Task* running_ = nullptr;
    uint64_t global_pass_ = 0;
    std::vector<Timer*> timers_;  // min-heap by expiry
    std::map<int, Element*> selects_;
    platform::Poller poller_;
    bool stopped_ = false;
    bool stop_managed_ = false;
    int stop_requests_ = 0;
    Task* stop_listener_ = nullptr;
    int idle_stops_ = 0;  // consecutive stop requests made because nothing was left to run
    int64_t idle_poll_ns_ = 0;
    int64_t last_work_ns_ = 0;  // when a task last did work
    uint64_t sleeps_ = 0;
};

}  // namespace clickos
