// The element API: the base class every element derives from, its ports and its life cycle.
// This header, args.hh, handler.hh, task.hh, timer.hh and notifier.hh are the API plugin
// vendors build against (docs/elements-api.md); CLICKOS_ELEMENT_API_VERSION names it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clickos/batch.hh"
#include "clickos/error.hh"
#include "clickos/handler.hh"
#include "clickos/packet.hh"

#define CLICKOS_ELEMENT_API_VERSION 1

namespace clickos {

class Args;
class Element;
class Router;
class Task;
class Timer;

// One end of a connection as seen from an element: where its output pushes to, or where its
// input pulls from. Unconnected ports point nowhere and drop what is pushed into them.
class Port {
  public:
    Element* element() const { return element_; }
    int port() const { return port_; }
    bool connected() const { return element_ != nullptr; }
    uint64_t count() const { return count_; }  // packets that went through (icounts/ocounts)

    inline void push(Packet* p) const;
    inline void push_batch(PacketBatch& batch) const;
    inline Packet* pull() const;
    inline PacketBatch pull_batch(unsigned max) const;

  private:
    friend class Router;
    Element* element_ = nullptr;
    int port_ = -1;
    mutable uint64_t count_ = 0;
};

// Configuration phases: elements whose configure() others depend on go first.
enum ConfigurePhase : int {
    CONFIGURE_PHASE_FIRST = 0,
    CONFIGURE_PHASE_INFO = 20,
    CONFIGURE_PHASE_PRIVILEGED = 90,
    CONFIGURE_PHASE_DEFAULT = 100,
    CONFIGURE_PHASE_LAST = 2000,
};

enum class CleanupStage { Failed, Configured, Initialized, Running };

class Element {
  public:
    Element();
    virtual ~Element();
    Element(const Element&) = delete;
    Element& operator=(const Element&) = delete;

    // ---- what the class is ----
    virtual const char* class_name() const = 0;
    // Click's port count syntax: "1/1", "0/1", "1/-" (any), "1/1-2", "1-/=" ('=' same as inputs).
    virtual const char* port_count() const { return "0/0"; }
    // Click's processing codes: "a" agnostic, "h" push, "l" pull, per input/output, e.g. "h/l";
    // the last letter repeats for further ports ("a/ah": output 0 agnostic, others push).
    virtual const char* processing() const { return "a/a"; }
    // Which inputs flow to which outputs, for agnostic resolution and notifier searches.
    // "x/x": every input reaches every output; "#/#": input i reaches output i only.
    virtual const char* flow_code() const { return "x/x"; }
    virtual int configure_phase() const { return CONFIGURE_PHASE_DEFAULT; }

    // ---- life cycle ----
    // Reads the configuration arguments. Return -1 after reporting errors through args.
    virtual int configure(Args& args);
    // Takes resources (files, sockets, memory). Return -1 after reporting errors.
    virtual int initialize(ErrorHandler* errh);
    virtual void cleanup(CleanupStage stage);
    virtual void add_handlers();
    // Hot-swap: take the state of `old`, an element of the same name and class in the
    // configuration being replaced (queued packets, counters, tables).
    virtual void take_state(Element* old, ErrorHandler* errh);
    // Interfaces other elements look up (notifiers, ...): null if not provided.
    virtual void* cast(const char* name);

    // ---- packets ----
    virtual void push(int port, Packet* p);
    virtual Packet* pull(int port);
    // The per-packet action of a 1/1 element: return the packet to pass on, or null if it
    // was dropped or sent elsewhere. Elements that only define this get push, pull and
    // batches from SimpleElement (below).
    virtual Packet* simple_action(Packet* p);
    // Batches: the default delivers the packets one by one to push().
    virtual void push_batch(int port, PacketBatch& batch);
    // The default pulls up to `max` packets one by one.
    virtual PacketBatch pull_batch(int port, unsigned max);
    virtual bool run_task(Task* task);
    virtual void run_timer(Timer* timer);
    virtual void selected(int fd, int mask);

    // ---- identity and wiring (set up by the router) ----
    const std::string& name() const { return name_; }
    const std::string& configuration() const { return config_; }
    const Location& location() const { return location_; }
    Router* router() const { return router_; }
    int eindex() const { return eindex_; }
    int ninputs() const { return int(inputs_.size()); }
    int noutputs() const { return int(outputs_.size()); }
    const Port& input(int i) const { return inputs_[i]; }
    const Port& output(int i) const { return outputs_[i]; }
    bool input_is_pull(int i) const { return input_pull_[i]; }
    bool output_is_push(int i) const { return output_push_[i]; }
    // Sends p to output i if it exists, else kills it.
    void checked_output_push(int i, Packet* p) const {
        if (i >= 0 && i < noutputs())
            outputs_[i].push(p);
        else
            p->kill();
    }
    // "name :: Class" for messages.
    std::string declaration() const { return name_ + " :: " + class_name(); }

    // ---- handlers ----
    void add_read_handler(const std::string& name, ReadHandler h, int flags = 0);
    void add_write_handler(const std::string& name, WriteHandler h, int flags = 0);
    // A task's "scheduled" and "tickets" handlers.
    void add_task_handlers(Task* task, const std::string& prefix = "");
    const std::vector<Handler>& handlers() const { return handlers_; }

  private:
    friend class Router;
    std::string name_;
    std::string config_;
    Location location_;
    Router* router_ = nullptr;
    int eindex_ = -1;
    std::vector<Port> inputs_;
    std::vector<Port> outputs_;
    std::vector<bool> input_pull_;
    std::vector<bool> output_push_;
    std::vector<Handler> handlers_;
};

inline void Port::push(Packet* p) const {
    ++count_;
    element_->push(port_, p);
}

inline void Port::push_batch(PacketBatch& batch) const {
    count_ += batch.count();
    element_->push_batch(port_, batch);
}

inline Packet* Port::pull() const {
    Packet* p = element_->pull(port_);
    if (p) ++count_;
    return p;
}

inline PacketBatch Port::pull_batch(unsigned max) const {
    PacketBatch b = element_->pull_batch(port_, max);
    count_ += b.count();
    return b;
}

// Base for elements whose work is a per-packet action `Packet* action(Packet*)` on one input
// and one output: push, pull and batch paths call it without virtual dispatch per packet.
template <typename Derived>
class SimpleElement : public Element {
  public:
    const char* port_count() const override { return "1/1"; }
    void push(int, Packet* p) override {
        if ((p = self()->action(p))) output(0).push(p);
    }
    Packet* pull(int) override {
        Packet* p = input(0).pull();
        return p ? self()->action(p) : nullptr;
    }
    void push_batch(int, PacketBatch& batch) override {
        batch.filter([this](Packet* p) { return self()->action(p); });
        if (!batch.empty()) output(0).push_batch(batch);
    }
    PacketBatch pull_batch(int, unsigned max) override {
        PacketBatch batch = input(0).pull_batch(max);
        batch.filter([this](Packet* p) { return self()->action(p); });
        return batch;
    }
    Packet* simple_action(Packet* p) override { return self()->action(p); }

  private:
    Derived* self() { return static_cast<Derived*>(this); }
};

}  // namespace clickos
