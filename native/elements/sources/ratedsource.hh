/**
 * @element RatedSource
 * @synopsis RatedSource([DATA, RATE, LIMIT, ACTIVE, KEYWORDS])
 * @category sources
 * @summary generates packets at a fixed rate
 * @ports 0 inputs / 1 output, agnostic
 *
 * Sends packets holding DATA at RATE packets per second, LIMIT of them in all (a negative
 * LIMIT never stops), while ACTIVE. The rate is kept by a token bucket holding 20
 * milliseconds worth of packets (at least one), which starts full. In push mode a task sends
 * one packet per run and sleeps on a timer until the next one is due. In pull mode a pull
 * returns a packet when one is due and nothing otherwise; meanwhile its empty notifier lets
 * the puller sleep until the next packet is due. Packets are clones of one prepared packet,
 * so they are cheap; an element that changes one gets its own copy.
 *
 * @arg DATA string: the packet contents (default: 64 zero bytes)
 * @arg RATE unsigned: packets per second (default 10)
 * @arg LIMIT integer: packets to send, negative for no limit (default -1)
 * @arg ACTIVE boolean: whether to send (default true)
 * @arg LENGTH integer: packet length; DATA is repeated or cut to fit
 * @arg DATASIZE integer: the same as LENGTH (Click's older name)
 * @arg BANDWIDTH bandwidth: sets RATE so that packets of this length make this bandwidth
 * @arg STOP boolean: stop the router once LIMIT packets are sent (default false)
 * @handler count read: packets sent
 * @handler reset write: sets count to zero, so LIMIT more packets are sent
 * @handler data read/write: DATA
 * @handler length read/write: LENGTH (-1: the length of DATA)
 * @handler datasize read/write: the same as length
 * @handler rate read/write: RATE
 * @handler limit read/write: LIMIT
 * @handler active read/write: ACTIVE
 * @handler scheduled read: whether the task is scheduled (push mode)
 * @handler tickets read/write: the task's tickets (push mode)
 * @see InfiniteSource, TimedSource, FastUDPFlows
 */
#pragma once
#include <string>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class RatedSource : public Element {
  public:
    RatedSource() : task_(this), timer_(this) {}
    const char* class_name() const override { return "RatedSource"; }
    const char* port_count() const override { return "0/1"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override;
    Packet* pull(int) override;
    PacketBatch pull_batch(int, unsigned max) override;

  private:
    static constexpr int64_t burst_ns = 20'000'000;
    // Packets that may leave now (refilling at `now`), at most `max`; sleeps when none.
    uint64_t allowed(int64_t now, uint64_t max);
    void sleep_until_due(int64_t now);
    void finished();
    void wake();
    void set_rate(uint32_t rate);
    bool make_prototype(ErrorHandler* errh);

    Task task_;
    Timer timer_;
    TokenBucket bucket_;
    ActiveNotifier notifier_;  // pull mode: whether a packet may be due
    std::string data_;
    int64_t length_ = -1;
    uint32_t rate_ = 10;
    int64_t limit_ = -1;
    bool active_ = true;
    bool stop_ = false;
    Packet* prototype_ = nullptr;
    uint64_t count_ = 0;
    bool done_ = false;
};

}  // namespace clickos
