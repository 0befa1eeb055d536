// Base for the IP elements with Click's "1/1-2", "a/ah" shape: a per-packet decision sends
// each packet to output 0 or to the error output 1, and packets for a missing output 1 are
// killed. Derived classes define `bool process(Packet*& p)`: true for output 0, false for
// output 1; they may replace p (uniqueify) or set it to null when they consumed it.
#pragma once
#include "clickos/element.hh"

namespace clickos::ip {

template <typename Derived>
class ErrorOutputElement : public Element {
  public:
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }

    void push(int, Packet* p) override {
        bool good = self()->process(p);
        if (!p) return;
        if (good)
            output(0).push(p);
        else
            checked_output_push(1, p);
    }

    // Pull mode: one input packet per call, as Click's simple_action path does; a bad
    // packet is pushed out of output 1 and this pull returns nothing.
    Packet* pull(int) override {
        Packet* p = input(0).pull();
        return p ? simple_action(p) : nullptr;
    }

    Packet* simple_action(Packet* p) override {
        bool good = self()->process(p);
        if (p && !good) {
            checked_output_push(1, p);
            return nullptr;
        }
        return p;
    }

    // Batches are split into the packets for output 0 and those for output 1, so each
    // output receives one sub-batch.
    void push_batch(int, PacketBatch& batch) override {
        PacketBatch bad;
        split(batch, bad);
        if (!batch.empty()) output(0).push_batch(batch);
        send_bad(bad);
    }

    PacketBatch pull_batch(int, unsigned max) override {
        PacketBatch batch = input(0).pull_batch(max);
        PacketBatch bad;
        split(batch, bad);
        send_bad(bad);
        return batch;
    }

  private:
    Derived* self() { return static_cast<Derived*>(this); }

    void split(PacketBatch& batch, PacketBatch& bad) {
        batch.filter([this, &bad](Packet* p) -> Packet* {
            bool good = self()->process(p);
            if (p && !good) {
                bad.append(p);
                return nullptr;
            }
            return p;
        });
    }

    void send_bad(PacketBatch& bad) {
        if (bad.empty()) return;
        if (noutputs() > 1)
            output(1).push_batch(bad);
        else
            bad.kill();
    }
};

}  // namespace clickos::ip
