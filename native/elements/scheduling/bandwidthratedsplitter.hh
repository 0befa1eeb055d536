/**
 * @element BandwidthRatedSplitter
 * @synopsis BandwidthRatedSplitter(RATE, [KEYWORDS])
 * @category shaping
 * @summary sends up to RATE bytes per second to output 0, the rest to output 1
 * @ports 1 input / 2 outputs, push
 *
 * Like RatedSplitter, but RATE is a bandwidth: packets that fit it leave on output 0 and the
 * others on output 1, and RATE keeps going to output 0 however fast packets arrive. The rate
 * is kept by a byte token bucket that holds BURST_DURATION worth of bytes (20 milliseconds by
 * default) or exactly BURST_BYTES, and starts full. A packet conforms when the bucket holds
 * at least one byte of credit, and is then charged its whole length, so packets larger than
 * the bucket still pass and the average stays at RATE. A batch is split against one reading
 * of the clock.
 *
 * @arg RATE bandwidth: for example 384kbps or 1MBps (a bare number is bytes per second)
 * @arg BURST_DURATION time: the bucket holds this long's worth of bytes (default 20ms)
 * @arg BURST_BYTES unsigned: the bucket holds this many bytes (instead of BURST_DURATION)
 * @handler rate read/write: RATE, read back in bytes per second ("48000Bps")
 * @see RatedSplitter, BandwidthShaper, BandwidthRatedUnqueue
 */
#pragma once
#include "clickos/element.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class BandwidthRatedSplitter : public Element {
  public:
    const char* class_name() const override { return "BandwidthRatedSplitter"; }
    const char* port_count() const override { return "1/2"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& b) override;

  private:
    void set_rate(uint64_t rate);
    // Charges p if it conforms.
    bool conforms(const Packet* p) {
        if (!bucket_.ready()) return false;
        bucket_.consume(p->length());
        return true;
    }

    TokenBucket bucket_;
    uint64_t rate_ = 0;  // bytes per second
    int64_t burst_ns_ = 20'000'000;
    uint64_t burst_bytes_ = 0;  // 0: from burst_ns_
};

}  // namespace clickos
