/**
 * @element RatedSplitter
 * @synopsis RatedSplitter(RATE, [KEYWORDS])
 * @category shaping
 * @summary sends up to RATE packets per second to output 0, the rest to output 1
 * @ports 1 input / 2 outputs, push
 *
 * Packets that fit the rate leave on output 0; those beyond it leave on output 1. Unlike a
 * meter, RATE packets per second keep going to output 0 however fast packets arrive. The rate
 * is kept by a token bucket that holds BURST_DURATION worth of packets (20 milliseconds by
 * default, at least one packet) or exactly BURST_SIZE packets, and starts full. A batch is
 * split against one reading of the clock.
 *
 * @arg RATE unsigned: packets per second sent to output 0
 * @arg BURST_DURATION time: the bucket holds this long's worth of packets (default 20ms)
 * @arg BURST_SIZE unsigned: the bucket holds this many packets (instead of BURST_DURATION)
 * @handler rate read/write: RATE
 * @see RatedUnqueue, Tee
 */
#pragma once
#include "clickos/element.hh"
#include "shaping/token_bucket.hh"

namespace clickos {

class RatedSplitter : public Element {
  public:
    const char* class_name() const override { return "RatedSplitter"; }
    const char* port_count() const override { return "1/2"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& b) override;

    const TokenBucket& bucket() const { return bucket_; }

  private:
    void set_rate(uint32_t rate);

    TokenBucket bucket_;
    uint32_t rate_ = 0;
    int64_t burst_ns_ = 20'000'000;
    uint32_t burst_size_ = 0;  // 0: from burst_ns_
};

}  // namespace clickos
