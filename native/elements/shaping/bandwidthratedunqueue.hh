/**
 * @element BandwidthRatedUnqueue
 * @synopsis BandwidthRatedUnqueue(RATE, [KEYWORDS])
 * @category shaping
 * @summary pulls packets at a fixed bandwidth and pushes them out
 * @ports 1 input / 1 output, pull input, push output
 *
 * Like RatedUnqueue, but RATE is a bandwidth: the token bucket counts bytes. A packet is
 * pulled whenever the bucket holds at least one byte of credit and its whole length is then
 * charged, so packets larger than the bucket still pass and the average stays at RATE. The
 * bucket holds BURST_DURATION worth of bytes (20 milliseconds by default) or exactly
 * BURST_BYTES, and starts full. The task sleeps on a timer while the bucket is in debt and
 * on the upstream empty notifier while there is nothing to pull.
 *
 * @arg RATE bandwidth: for example 384kbps or 1MBps (a bare number is bytes per second)
 * @arg BURST_DURATION time: the bucket holds this long's worth of bytes (default 20ms)
 * @arg BURST_BYTES unsigned: the bucket holds this many bytes (instead of BURST_DURATION)
 * @arg ACTIVE boolean: whether to pull at all (default true)
 * @handler rate read/write: RATE, read back in bytes per second ("48000Bps")
 * @handler active read/write: ACTIVE
 * @handler count read: packets moved
 * @handler reset write: sets count to zero
 * @handler scheduled read: whether the task is scheduled
 * @handler tickets read/write: the task's tickets
 * @see RatedUnqueue, Unqueue, BandwidthShaper
 */
#pragma once
#include "shaping/ratedunqueue.hh"

namespace clickos {

class BandwidthRatedUnqueue : public RatedUnqueue {
  public:
    const char* class_name() const override { return "BandwidthRatedUnqueue"; }

  protected:
    bool bandwidth() const override { return true; }
};

}  // namespace clickos
