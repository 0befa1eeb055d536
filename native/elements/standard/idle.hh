/**
 * @element Idle
 * @synopsis Idle
 * @category basic sources and sinks
 * @summary has ports, never moves a packet
 * @ports any inputs / any outputs, agnostic
 *
 * Idle never pushes or emits packets; packets pushed into it are dropped. Its empty
 * notifier is never active, so elements pulling from it sleep. Use it to plug ports a
 * configuration does not use.
 *
 * @see Discard
 */
#pragma once
#include "clickos/element.hh"
#include "clickos/notifier.hh"

namespace clickos {

class Idle : public Element {
  public:
    const char* class_name() const override { return "Idle"; }
    const char* port_count() const override { return "-/-"; }
    void* cast(const char* name) override;
    int initialize(ErrorHandler*) override;
    void push(int, Packet* p) override { p->kill(); }
    void push_batch(int, PacketBatch& b) override { b.kill(); }
    Packet* pull(int) override { return nullptr; }
    PacketBatch pull_batch(int, unsigned) override { return {}; }

  private:
    ActiveNotifier never_;
};

}  // namespace clickos
