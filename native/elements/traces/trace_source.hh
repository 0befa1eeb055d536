// The replay half shared by FromDump and FromIPSummaryDump: a source that emits the packets
// a derived class reads from a trace, in push mode (a task, in batches) or pull mode, with
// Click's common keywords STOP, TIMING, SAMPLE, ACTIVE and END_CALL and the handlers
// count, reset_counts, active, sampling_prob and reset_timing. It is an empty notifier:
// active while it is active and the trace has packets left.
#pragma once
#include <cstdint>
#include <string>

#include "clickos/args.hh"
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos::traces {

class TraceSource : public Element {
  public:
    TraceSource() : task_(this), timer_(this) {}
    const char* port_count() const override { return "0/1"; }
    void* cast(const char* name) override;
    void cleanup(CleanupStage) override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override;
    Packet* pull(int) override;

    uint64_t count() const { return count_; }
    bool active() const { return active_; }

  protected:
    // Declares STOP, TIMING, SAMPLE, ACTIVE and END_CALL; call before complete().
    Args& read_source_keywords(Args& args);
    // After complete(): checks them. Returns -1 after reporting an error.
    int check_source_keywords(Args& args);
    // From initialize(), once the trace is open.
    void initialize_source();
    void add_source_handlers();

    // The next packet of the trace, with its timestamp annotation set, or null when the
    // trace has no more (after printing why, if it is an error).
    virtual Packet* read_next() = 0;
    // The output for p, or -1 to drop it.
    virtual int classify(Packet*) { return 0; }
    // The trace can go on after finishing (FromDump's extend_interval).
    void resume();
    void set_active(bool active);
    // Reports a problem with the trace while running (there is no error handler then).
    void runtime_error(const std::string& message) const;

    static constexpr unsigned burst = 32;

  private:
    Packet* next_due();  // the next packet to emit now, or null
    void finish();
    bool sampled();

    Task task_;
    Timer timer_;
    ActiveNotifier notifier_;
    bool stop_ = false;
    bool timing_ = false;
    bool active_ = true;
    bool done_ = false;
    bool waiting_ = false;  // a packet waits for its time (TIMING)
    double sample_ = 1;
    uint32_t sample_threshold_ = 1u << 28;  // SAMPLE in 28-bit fixed point
    std::string end_call_;
    uint64_t count_ = 0;
    Packet* pending_ = nullptr;
    bool have_timing_ = false;
    Timestamp timing_offset_;  // steady clock minus trace time
    uint64_t rng_ = 0;
};

}  // namespace clickos::traces
