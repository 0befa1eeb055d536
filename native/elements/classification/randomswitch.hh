/**
 * @element RandomSwitch
 * @synopsis RandomSwitch
 * @category classification
 * @summary sends each packet to an output chosen at random
 * @ports 1 input / 1 or more outputs, push
 *
 * Sends each packet to one of its outputs, every output equally likely, independently of
 * the previous packets. The generator is a fast non-cryptographic one seeded when the
 * router is built, from the engine's shared generator (so RandomSeed makes it repeatable).
 *
 * @see RoundRobinSwitch, HashSwitch, Switch
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class RandomSwitch : public Element {
  public:
    const char* class_name() const override { return "RandomSwitch"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int, Packet* p) override { output(choose()).push(p); }
    void push_batch(int, PacketBatch& batch) override;

    // Reseeds the generator (tests).
    void seed(uint64_t s) { state_ = s ? s : 1; }

  private:
    int choose() {
        // xorshift64*: the high 32 bits of the product are the best ones.
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        uint64_t r = (state_ * 0x2545F4914F6CDD1Dull) >> 32;
        return int((r * uint64_t(noutputs())) >> 32);
    }
    uint64_t state_ = 1;
};

}  // namespace clickos
