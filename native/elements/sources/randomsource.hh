/**
 * @element RandomSource
 * @synopsis RandomSource(LENGTH [, LIMIT, BURST, ACTIVE, HEADROOM])
 * @category sources
 * @summary generates packets of random bytes whenever scheduled
 * @ports 0 inputs / 1 output, agnostic
 *
 * Creates packets of LENGTH bytes filled with random bytes, each with its timestamp
 * annotation set to the current time. In push mode a task sends BURST packets per run; in
 * pull mode each pull returns one packet. After LIMIT packets it stops (negative: never).
 * The bytes come from the engine's generator, so RandomSeed makes them repeatable.
 *
 * @arg LENGTH integer 0-65535: bytes per packet
 * @arg LIMIT integer: packets to send, negative for no limit (default -1)
 * @arg BURST integer: packets per task run in push mode (default 1)
 * @arg ACTIVE boolean: whether to send (default true)
 * @arg HEADROOM unsigned: bytes of headroom in each packet, at most 1024 (default 64)
 * @handler count read: packets sent
 * @handler reset write: sets count to zero, so LIMIT more packets are sent
 * @handler length read/write: LENGTH
 * @handler active read/write: ACTIVE
 * @see InfiniteSource, RandomSeed
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/task.hh"

namespace clickos {

class RandomSource : public Element {
  public:
    RandomSource() : task_(this) {}
    const char* class_name() const override { return "RandomSource"; }
    const char* port_count() const override { return "0/1"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    bool run_task(Task*) override;
    Packet* pull(int) override;

  private:
    Packet* make_packet() const;
    bool limit_reached() const { return limit_ >= 0 && count_ >= uint64_t(limit_); }
    void restart();

    Task task_;
    uint32_t length_ = 0;
    int64_t limit_ = -1;
    uint32_t burst_ = 1;
    uint32_t headroom_ = Packet::default_headroom;
    bool active_ = true;
    uint64_t count_ = 0;
};

}  // namespace clickos
