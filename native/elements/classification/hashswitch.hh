/**
 * @element HashSwitch
 * @synopsis HashSwitch(OFFSET, LENGTH)
 * @category classification
 * @summary sends each packet to an output chosen by a hash of some of its bytes
 * @ports 1 input / 1 or more outputs, push
 *
 * Hashes the LENGTH bytes at OFFSET of each packet and sends the packet to the output the
 * hash selects, so packets with the same bytes there (one flow) always take the same output
 * while different flows spread over all outputs, for example for load balancing or
 * stochastic fair queueing. A packet shorter than OFFSET + LENGTH goes to output 0.
 *
 * For example, HashSwitch(26, 12) on Ethernet frames carrying IPv4 hashes the source and
 * destination addresses and the first 4 bytes after a 20-byte IP header (the UDP or TCP
 * ports).
 *
 * The hash is not Click's (a sum of the bytes), so a given packet may take another output
 * than it would in Click; it is fixed for a build, not salted per run.
 *
 * @arg OFFSET unsigned: where the hashed bytes start in the packet data
 * @arg LENGTH unsigned: how many bytes to hash (at least 1)
 * @see RoundRobinSwitch, RandomSwitch, Switch, Classifier
 */
#pragma once
#include <cstring>

#include "clickos/element.hh"

namespace clickos {

class HashSwitch : public Element {
  public:
    const char* class_name() const override { return "HashSwitch"; }
    const char* port_count() const override { return "1/1-"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    void push(int, Packet* p) override { output(choose(p)).push(p); }
    void push_batch(int, PacketBatch& batch) override;

    // The output for p.
    int choose(const Packet* p) const {
        if (p->length() < end_) return 0;
        uint64_t h = hash(p->data() + offset_, length_);
        return int(((h >> 32) * uint64_t(noutputs())) >> 32);
    }
    // A 64-bit hash of n bytes: word-at-a-time multiply-xorshift, then a final avalanche.
    static uint64_t hash(const uint8_t* d, uint32_t n) {
        constexpr uint64_t k = 0x9E3779B97F4A7C15ull;
        uint64_t h = k ^ n;
        for (; n >= 8; d += 8, n -= 8) {
            uint64_t w;
            std::memcpy(&w, d, 8);
            h = (h ^ w) * k;
            h ^= h >> 29;
        }
        if (n >= 4) {
            uint32_t w;
            std::memcpy(&w, d, 4);
            h = (h ^ w) * k;
            h ^= h >> 29;
            d += 4;
            n -= 4;
        }
        for (; n > 0; ++d, --n) h = (h ^ *d) * k;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53ull;
        h ^= h >> 33;
        return h;
    }

  private:
    uint32_t offset_ = 0;
    uint32_t length_ = 0;
    uint64_t end_ = 0;  // offset_ + length_
};

}  // namespace clickos
