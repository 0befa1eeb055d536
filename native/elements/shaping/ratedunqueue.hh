/**
 * @element RatedUnqueue
 * @synopsis RatedUnqueue(RATE, [KEYWORDS])
 * @category shaping
 * @summary pulls packets at a fixed rate and pushes them out
 * @ports 1 input / 1 output, pull input, push output
 *
 * A task pulls packets from the input no faster than RATE packets per second and pushes them
 * out, up to 32 per run. The rate is kept by a token bucket that holds BURST_DURATION worth
 * of packets (20 milliseconds by default, at least one packet) or exactly BURST_SIZE packets,
 * and starts full. While the bucket is empty the task sleeps on a timer until the next token;
 * while the upstream empty notifier says there is nothing to pull (an empty Queue) it sleeps
 * until woken. A RATE of 0 passes nothing.
 *
 * @arg RATE unsigned: packets per second
 * @arg BURST_DURATION time: the bucket holds this long's worth of packets (default 20ms)
 * @arg BURST_SIZE unsigned: the bucket holds this many packets (instead of BURST_DURATION)
 * @arg ACTIVE boolean: whether to pull at all (default true)
 * @handler rate read/write: RATE
 * @handler active read/write: ACTIVE
 * @handler count read: packets moved
 * @handler reset write: sets count to zero
 * @handler scheduled read: whether the task is scheduled
 * @handler tickets read/write: the task's tickets
 * @see BandwidthRatedUnqueue, Unqueue, RatedSplitter, BandwidthShaper
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class RatedUnqueue : public Element {
  public:
    static constexpr unsigned max_burst = 32;  // packets per task run

    RatedUnqueue() : task_(this), timer_(this) {}
    const char* class_name() const override { return "RatedUnqueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override;

    const TokenBucket& bucket() const { return bucket_; }

  protected:
    // Bytes instead of packets (BandwidthRatedUnqueue).
    virtual bool bandwidth() const { return false; }

  private:
    // Pulls what the bucket allows now; returns the packets.
    PacketBatch pull_allowed();
    void set_rate(uint64_t rate);
    std::string rate_text() const;

    Task task_;
    Timer timer_;
    NotifierSignal signal_;
    TokenBucket bucket_;
    uint64_t rate_ = 0;
    int64_t burst_ns_ = 20'000'000;
    uint64_t burst_size_ = 0;  // 0: from burst_ns_
    bool active_ = true;
    uint64_t count_ = 0;
};

}  // namespace clickos
