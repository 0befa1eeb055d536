// Single-producer single-consumer rings in shared memory, netmap style: each slot names a
// buffer by index and carries a length and flags. Indices run freely (mod 2^32); the slot of
// index i is i & (nslots - 1). Kicks are need-wakeup flags plus an event descriptor: a side
// that runs out of work sets its flag, re-checks, and sleeps; the other side kicks only when
// the flag is set, so busy rings cost no system calls and idle ones no CPU.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace clickos::netfront {

struct Slot {
    uint32_t buf;    // buffer index within the port's buffer area
    uint16_t len;    // bytes of frame in the buffer
    uint16_t flags;  // reserved (0)
};
static_assert(sizeof(Slot) == 8);

// The shared part of one ring. Producer and consumer fields sit on separate cache lines.
struct RingShared {
    uint32_t nslots;  // a power of two
    uint32_t reserved_;
    alignas(64) std::atomic<uint32_t> head;               // written by the producer: slots [tail, head) are full
    alignas(64) std::atomic<uint32_t> tail;               // written by the consumer
    alignas(64) std::atomic<uint32_t> consumer_sleeping;  // set by a consumer about to sleep
    alignas(64) std::atomic<uint32_t> producer_sleeping;  // set by a producer waiting for room
    alignas(64) Slot slots[1];                            // nslots of them

    static size_t bytes_for(uint32_t nslots) { return offsetof(RingShared, slots) + sizeof(Slot) * nslots; }
};

// The producer's view: caches the consumer's tail; `kick` wakes a sleeping consumer.
class RingProducer {
  public:
    RingProducer() = default;
    // nslots comes from the validated port header, never from the shared ring itself.
    RingProducer(RingShared* r, uint32_t nslots, int kick_fd) : r_(r), mask_(nslots - 1), kick_fd_(kick_fd) {
        head_ = r->head.load(std::memory_order_relaxed);
        tail_cache_ = r->tail.load(std::memory_order_acquire);
    }
    // Free slots; the consumer's tail is read again only when the cached view shows fewer
    // than `wanted`, so a producer with room does not touch the consumer's cache line.
    uint32_t space(uint32_t wanted = UINT32_MAX) {
        uint32_t n = mask_ + 1;
        uint32_t used = head_ - tail_cache_;
        if (used > n || n - used < wanted) {
            tail_cache_ = r_->tail.load(std::memory_order_acquire);
            used = head_ - tail_cache_;
        }
        return used <= n ? n - used : 0;  // a hostile consumer cannot make us overwrite
    }
    Slot& slot(uint32_t i) { return r_->slots[(head_ + i) & mask_]; }
    // Makes `count` filled slots visible, kicking the consumer if it sleeps. Returns whether
    // a kick was sent.
    bool publish(uint32_t count);
    // Makes `count` filled slots visible without kicking: kick_if_sleeping() later wakes a
    // consumer that went to sleep before them (kick coalescing).
    void publish_quietly(uint32_t count);
    bool kick_if_sleeping();
    // Before waiting for room: announce it; false if room appeared meanwhile (do not sleep).
    bool prepare_wait();
    void cancel_wait() { r_->producer_sleeping.store(0, std::memory_order_relaxed); }
    RingShared* shared() const { return r_; }

  private:
    RingShared* r_ = nullptr;
    uint32_t mask_ = 0;
    uint32_t head_ = 0;
    uint32_t tail_cache_ = 0;
    int kick_fd_ = -1;
};

// The consumer's view: caches the producer's head; `kick` wakes a producer waiting for room.
class RingConsumer {
  public:
    RingConsumer() = default;
    RingConsumer(RingShared* r, uint32_t nslots, int kick_fd) : r_(r), mask_(nslots - 1), kick_fd_(kick_fd) {
        tail_ = r->tail.load(std::memory_order_relaxed);
        head_cache_ = r->head.load(std::memory_order_acquire);
    }
    // Full slots (the producer's head is read again when the cached view shows fewer than
    // `wanted`); a hostile producer claiming more than the ring holds counts as none.
    uint32_t available(uint32_t wanted = UINT32_MAX) {
        uint32_t n = head_cache_ - tail_;
        if (n > mask_ + 1 || n < wanted) {
            head_cache_ = r_->head.load(std::memory_order_acquire);
            n = head_cache_ - tail_;
        }
        return n <= mask_ + 1 ? n : 0;
    }
    Slot& slot(uint32_t i) { return r_->slots[(tail_ + i) & mask_]; }
    // Gives `count` consumed slots back to the producer.
    bool release(uint32_t count);
    // Before sleeping: announce it; false if slots arrived meanwhile (do not sleep).
    bool prepare_sleep();
    void cancel_sleep() { r_->consumer_sleeping.store(0, std::memory_order_relaxed); }
    RingShared* shared() const { return r_; }

  private:
    RingShared* r_ = nullptr;
    uint32_t mask_ = 0;
    uint32_t tail_ = 0;
    uint32_t head_cache_ = 0;
    int kick_fd_ = -1;
};

}  // namespace clickos::netfront
