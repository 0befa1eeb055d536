/**
 * @element Counter
 * @synopsis Counter([COUNT_CALL, BYTE_COUNT_CALL])
 * @category counters
 * @summary counts packets and bytes passing through
 * @ports 1 input / 1 output, agnostic
 *
 * Counts the packets and bytes that pass through it, unchanged. COUNT_CALL and
 * BYTE_COUNT_CALL write a handler once the count reaches a threshold, for example
 * `COUNT_CALL 1000000 stop` stops the router after a million packets.
 *
 * @arg COUNT_CALL "N HANDLER [VALUE]": once N packets have passed, write VALUE to HANDLER
 * @arg BYTE_COUNT_CALL "N HANDLER [VALUE]": the same after N bytes
 * @handler count read: packets counted
 * @handler byte_count read: bytes counted
 * @handler rate read: packets per second since the previous read of rate
 * @handler byte_rate read: bytes per second since the previous read of byte_rate
 * @handler reset write: sets the counts to zero (also reset_counts)
 * @handler count_call read/write: COUNT_CALL; writing re-arms it
 * @handler byte_count_call read/write: BYTE_COUNT_CALL
 * @see AverageCounter
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class Counter : public SimpleElement<Counter> {
  public:
    const char* class_name() const override { return "Counter"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;

    Packet* action(Packet* p) {
        ++count_;
        byte_count_ += p->length();
        if (__builtin_expect(count_ == count_call_.threshold || byte_count_ >= byte_call_.threshold, 0)) fire_calls();
        return p;
    }
    void push_batch(int, PacketBatch& b) override {
        uint64_t bytes = 0;
        for (Packet* p = b.first(); p; p = p->next()) bytes += p->length();
        count_ += b.count();
        byte_count_ += bytes;
        if (__builtin_expect(count_ >= count_call_.threshold || byte_count_ >= byte_call_.threshold, 0)) fire_calls();
        output(0).push_batch(b);
    }
    uint64_t count() const { return count_; }
    uint64_t byte_count() const { return byte_count_; }

  private:
    struct Call {
        uint64_t threshold = UINT64_MAX;
        std::string handler;
        std::string value;
        std::string text;
        bool fired = false;
    };
    int parse_call(const std::string& text, Call& call, ErrorHandler* errh, const char* what);
    void fire_calls();
    void fire(Call& call);

    uint64_t count_ = 0;
    uint64_t byte_count_ = 0;
    Call count_call_;
    Call byte_call_;
    uint64_t rate_count_ = 0, rate_bytes_ = 0;
    int64_t rate_time_ = 0, byte_rate_time_ = 0;
};

}  // namespace clickos
