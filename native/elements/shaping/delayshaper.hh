/**
 * @element DelayShaper
 * @synopsis DelayShaper(DELAY)
 * @category shaping
 * @summary holds each pulled packet until DELAY after its timestamp
 * @ports 1 input / 1 output, pull
 *
 * A pull element that delays packets: a packet whose timestamp annotation is T leaves no
 * earlier than T + DELAY, with its timestamp then set to the current time. It pulls and holds
 * one packet at a time; while that packet is not due, pulls through it get nothing and it
 * tells whatever pulls from it to sleep (an empty notifier), waking it with a timer when the
 * packet is due. Timestamps are wall-clock times, as SetTimestamp and FromDevice set them; a
 * packet without one is due at once.
 *
 * @arg DELAY time: how long after its timestamp a packet may leave, for example 50ms
 * @handler delay read/write: DELAY
 * @see BandwidthShaper, SetTimestamp
 */
#pragma once
#include "clickos/element.hh"
#include "shaping/pull_sleeper.hh"

namespace clickos {

class DelayShaper : public Element {
  public:
    const char* class_name() const override { return "DelayShaper"; }
    const char* port_count() const override { return "1/1"; }
    const char* processing() const override { return "l/l"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    void* cast(const char* name) override;
    Packet* pull(int) override;
    PacketBatch pull_batch(int, unsigned max) override;

  private:
    // The held packet if it is due at `now` (wall clock), else null (and pullers sleep).
    Packet* next_due(Timestamp now);

    Timestamp delay_;
    Packet* held_ = nullptr;
    PullSleeper sleeper_;
};

}  // namespace clickos
