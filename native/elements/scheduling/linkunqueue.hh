/**
 * @element LinkUnqueue
 * @synopsis LinkUnqueue(LATENCY, BANDWIDTH)
 * @category shaping
 * @summary emulates a serial link: pulls packets and pushes them out after its latency and transmission time
 * @ports 1 input / 1 output, pull input, push output
 *
 * Emulates a serial link of LATENCY and BANDWIDTH. A packet put on the link takes
 * length / BANDWIDTH to transmit, after the packets ahead of it, and arrives LATENCY after its
 * last byte was sent; then it is pushed out, with its timestamp annotation set to the
 * current (wall-clock) time. So each packet is delayed by at least LATENCY plus its own
 * transmission time, and packets leave in order, spaced by at least their transmission
 * times.
 *
 * LinkUnqueue holds only the packets on the link: it pulls the next packet when the link
 * has finished sending the previous one, so packets waiting for the link stay upstream (use
 * Queue -> LinkUnqueue to emulate a link fed by a queue). Its task sleeps on a timer until
 * the next arrival or the end of a transmission, and on the upstream empty notifier while
 * there is nothing to pull. Packets carry no "extra length" annotation here, so unlike
 * Click's LinkUnqueue the transmission time counts the packet's bytes only.
 *
 * @arg LATENCY time: the propagation delay, for example 10ms
 * @arg BANDWIDTH bandwidth: the link's rate, for example 384kbps (a bare number is bytes
 *   per second); must be positive
 * @handler latency read: LATENCY
 * @handler bandwidth read: BANDWIDTH in bytes per second ("48000Bps")
 * @handler size read: packets on the link now (being sent or propagating)
 * @handler reset write: drops every packet on the link
 * @handler scheduled read: whether the task is scheduled
 * @handler tickets read/write: the task's tickets
 * @see DelayUnqueue, Queue, Unqueue, RatedUnqueue, BandwidthRatedUnqueue, DelayShaper
 */
#pragma once
#include <vector>

#include "clickos/element.hh"
#include "clickos/notifier.hh"
#include "clickos/task.hh"
#include "clickos/timer.hh"

namespace clickos {

class LinkUnqueue : public Element {
  public:
    LinkUnqueue() : task_(this), timer_(this) {}
    const char* class_name() const override { return "LinkUnqueue"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    bool run_task(Task*) override;
    void run_timer(Timer*) override { task_.reschedule(); }

    // Nanoseconds the link takes to send `length` bytes.
    int64_t transmission_ns(uint32_t length) const {
        return int64_t((uint64_t(length) * 1'000'000'000ull + rate_ - 1) / rate_);
    }

  private:
    static constexpr int max_burst = 32;  // packets moved per task run

    struct Transit {
        Packet* packet;
        int64_t arrival;  // monotonic ns
    };
    void transit_push(Packet* p, int64_t arrival);
    Transit& transit_front() { return transit_[head_]; }
    void transit_pop() {
        if (++head_ == transit_.size()) head_ = 0;
        --size_;
    }
    void clear();

    Task task_;
    Timer timer_;
    NotifierSignal signal_;
    int64_t latency_ns_ = 0;
    uint64_t rate_ = 1;             // bytes per second
    int64_t link_free_ = 0;         // monotonic ns when the last packet put on the link is sent
    bool backlogged_ = false;       // a packet is known to be waiting for the link to be free
    std::vector<Transit> transit_;  // a ring, grown when full
    size_t head_ = 0;
    size_t size_ = 0;
};

}  // namespace clickos
