/**
 * @element AverageCounter
 * @synopsis AverageCounter([IGNORE])
 * @category counters
 * @summary counts packets and bytes and their average rate since the first packet
 * @ports 1 input / 1 output, agnostic
 *
 * Passes packets through unchanged, counting them and their bytes. The rates are strict
 * averages: the count divided by the time between the first counted packet and the most
 * recent one (zero until two packets have been counted at different times). With IGNORE,
 * packets in the first IGNORE seconds after the first packet are neither counted nor timed,
 * so start-up transients stay out of the average. On hot-swap, the new AverageCounter
 * continues the old one's counts and measurement.
 *
 * @arg IGNORE time: how long after the first packet to start counting (default 0)
 * @handler count read: packets counted since the last reset
 * @handler byte_count read: bytes counted since the last reset
 * @handler rate read: average packets per second
 * @handler byte_rate read: average bytes per second
 * @handler reset write: sets the counts to zero and starts a new measurement
 * @see Counter
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class AverageCounter : public SimpleElement<AverageCounter> {
  public:
    const char* class_name() const override { return "AverageCounter"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void push_batch(int, PacketBatch& b) override;
    void take_state(Element* old, ErrorHandler*) override;

    Packet* action(Packet* p) {
        record(Timestamp::now_steady().ns, 1, p->length());
        return p;
    }

    // Accounts `packets` packets of `bytes` bytes seen at `now` (monotonic ns).
    void record(int64_t now, uint64_t packets, uint64_t bytes) {
        if (__builtin_expect(first_ < 0, 0)) first_ = now;
        if (__builtin_expect(now - first_ < ignore_ns_, 0)) return;
        if (count_ == 0) start_ = now;
        last_ = now;
        count_ += packets;
        byte_count_ += bytes;
    }
    // Average per second of `amount` over the counted time.
    double average(uint64_t amount) const;
    void reset();
    uint64_t count() const { return count_; }
    uint64_t byte_count() const { return byte_count_; }

  private:
    int64_t ignore_ns_ = 0;
    int64_t first_ = -1;  // the first packet seen, counted or not (-1: none yet)
    int64_t start_ = 0;   // the first counted packet
    int64_t last_ = 0;    // the most recent counted packet
    uint64_t count_ = 0;
    uint64_t byte_count_ = 0;
};

}  // namespace clickos
