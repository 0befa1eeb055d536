/**
 * @element TimedSource
 * @synopsis TimedSource([INTERVAL, DATA, KEYWORDS])
 * @category sources
 * @summary pushes a packet every INTERVAL
 * @ports 0 inputs / 1 output, push
 *
 * A timer pushes one packet holding DATA about once every INTERVAL, the first one INTERVAL
 * after start-up. After LIMIT packets it stops (a negative LIMIT never stops), and with STOP
 * it then asks the router to stop. A timer that fires late does not send a burst to catch up:
 * the next packet follows one INTERVAL later. Packets are clones of one prepared packet.
 *
 * @arg INTERVAL time: time between packets (default 500ms)
 * @arg DATA string: the packet contents (default: 64 zero bytes)
 * @arg LIMIT integer: packets to send, negative for no limit (default -1)
 * @arg HEADROOM unsigned: bytes of headroom in each packet (default 64)
 * @arg STOP boolean: stop the router once LIMIT packets are sent (default false)
 * @arg ACTIVE boolean: whether to send (default true)
 * @handler data read/write: DATA
 * @handler interval read/write: INTERVAL
 * @handler active read/write: ACTIVE
 * @handler reset write: sets count to zero, so LIMIT more packets are sent
 * @handler headroom read/write: HEADROOM
 * @handler count read: packets sent
 * @handler limit read/write: LIMIT
 * @see InfiniteSource, RatedSource
 */
#pragma once
#include <string>

#include "clickos/element.hh"
#include "clickos/timer.hh"

namespace clickos {

class TimedSource : public Element {
  public:
    TimedSource() : timer_(this) {}
    const char* class_name() const override { return "TimedSource"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void run_timer(Timer*) override;

  private:
    static constexpr uint32_t max_headroom = 1024;
    bool make_prototype(ErrorHandler* errh);
    bool limit_reached() const { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    // Starts the timer again after a handler made sending possible.
    void restart();

    Timer timer_;
    Timestamp interval_ = Timestamp::from_msec(500);
    std::string data_;
    int64_t limit_ = -1;
    uint32_t headroom_ = Packet::default_headroom;
    bool stop_ = false;
    bool active_ = true;
    Packet* prototype_ = nullptr;
    uint64_t count_ = 0;
};

}  // namespace clickos
