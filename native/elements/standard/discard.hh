/**
 * @element Discard
 * @synopsis Discard([ACTIVE, BURST])
 * @category basic sources and sinks
 * @summary drops every packet
 * @ports 1 input / 0 outputs, agnostic
 *
 * Drops the packets pushed to it. When its input is pull, a task pulls and drops packets
 * while ACTIVE, up to BURST per run, sleeping while the upstream empty notifier says there
 * is nothing to pull.
 *
 * @arg ACTIVE boolean: in pull mode, whether to pull packets (default true)
 * @arg BURST integer: in pull mode, packets pulled per task run (default 1)
 * @handler count read: packets dropped
 * @handler reset_counts write: sets count to zero
 * @handler active read/write: ACTIVE
 * @see Idle
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"

namespace clickos {

class Discard : public Element {
  public:
    Discard() : task_(this) {}
    const char* class_name() const override { return "Discard"; }
    const char* port_count() const override { return "1/0"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void push(int, Packet* p) override {
        ++count_;
        p->kill();
    }
    void push_batch(int, PacketBatch& b) override {
        count_ += b.count();
        b.kill();
    }
    bool run_task(Task*) override;

  private:
    Task task_;
    NotifierSignal signal_;
    uint64_t count_ = 0;
    bool active_ = true;
    uint32_t burst_ = 1;
};

}  // namespace clickos
