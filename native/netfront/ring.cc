#include "ring.hh"

#include "clickos/platform.hh"

namespace clickos::netfront {

bool RingProducer::publish(uint32_t count) {
    if (count == 0) return false;
    publish_quietly(count);
    return kick_if_sleeping();
}

void RingProducer::publish_quietly(uint32_t count) {
    head_ += count;
    r_->head.store(head_, std::memory_order_release);
}

bool RingProducer::kick_if_sleeping() {
    // Pairs with the consumer's fence in prepare_sleep(): either it sees the new head, or we
    // see its flag and kick.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (r_->consumer_sleeping.load(std::memory_order_relaxed) &&
        r_->consumer_sleeping.exchange(0, std::memory_order_relaxed)) {
        if (kick_fd_ >= 0) platform::signal_event(kick_fd_);
        return true;
    }
    return false;
}

bool RingProducer::prepare_wait() {
    r_->producer_sleeping.store(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (space() > 0) {
        cancel_wait();
        return false;
    }
    return true;
}

bool RingConsumer::release(uint32_t count) {
    if (count == 0) return false;
    tail_ += count;
    r_->tail.store(tail_, std::memory_order_release);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (r_->producer_sleeping.load(std::memory_order_relaxed) &&
        r_->producer_sleeping.exchange(0, std::memory_order_relaxed)) {
        if (kick_fd_ >= 0) platform::signal_event(kick_fd_);
        return true;
    }
    return false;
}

bool RingConsumer::prepare_sleep() {
    r_->consumer_sleeping.store(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    head_cache_ = r_->head.load(std::memory_order_acquire);
    // Only real work keeps us awake: a head claiming more than the ring holds counts as none
    // (as in available()), so a broken producer cannot make the consumer spin.
    uint32_t n = head_cache_ - tail_;
    if (n != 0 && n <= mask_ + 1) {
        cancel_sleep();
        return false;
    }
    return true;
}

}  // namespace clickos::netfront
