/**
 * @element EtherMirror
 * @synopsis EtherMirror()
 * @category Ethernet
 * @summary swaps the Ethernet source and destination addresses
 * @ports 1 input / 1 output, agnostic
 *
 * Sends each Ethernet frame back where it came from by exchanging its destination and
 * source addresses; the rest of the frame is untouched. Shared packets are copied before
 * they are changed. Frames shorter than an Ethernet header (14 bytes) are dropped.
 *
 * The swap is a few loads and stores per frame and runs over whole batches without a
 * call per packet: this is the reflector middlebox of ClickOS's baseline measurements.
 *
 * @see EtherRewrite, EtherEncap
 */
#pragma once
#include <cstring>

#include "clickos/element.hh"

namespace clickos {

class EtherMirror : public SimpleElement<EtherMirror> {
  public:
    const char* class_name() const override { return "EtherMirror"; }
    int configure(Args& args) override;

    // The batch loop of SimpleElement, plus a prefetch of the next frame's header so that
    // its cache miss overlaps this frame's swap.
    void push_batch(int, PacketBatch& batch) override {
        batch.filter([this](Packet* p) {
            if (Packet* n = p->next()) __builtin_prefetch(n->data(), 1);
            return action(p);
        });
        if (!batch.empty()) output(0).push_batch(batch);
    }

    Packet* action(Packet* p) {
        if (__builtin_expect(p->length() < 14, 0)) {
            p->kill();
            return nullptr;
        }
        if (__builtin_expect(p->shared(), 0) && !(p = p->uniqueify())) return nullptr;
        uint8_t* h = p->mutable_data();
        // Two 6-byte fields, moved as 4 + 2 bytes each (unaligned-safe through memcpy).
        uint32_t d4, s4;
        uint16_t d2, s2;
        std::memcpy(&d4, h, 4);
        std::memcpy(&d2, h + 4, 2);
        std::memcpy(&s4, h + 6, 4);
        std::memcpy(&s2, h + 10, 2);
        std::memcpy(h, &s4, 4);
        std::memcpy(h + 4, &s2, 2);
        std::memcpy(h + 6, &d4, 4);
        std::memcpy(h + 10, &d2, 2);
        return p;
    }
};

}  // namespace clickos
