/**
 * @element Suppressor
 * @synopsis Suppressor
 * @category classification
 * @summary passes packets port to port, except on ports switched off
 * @ports any inputs / as many outputs, agnostic
 *
 * Packets arriving on input i leave unchanged on output i. Any port can be suppressed
 * through its activeI handler: packets pushed into a suppressed input are dropped, and
 * pulls from a suppressed output return nothing (without pulling upstream). Every port
 * starts active.
 *
 * @handler activeN read/write: whether port N is active (not suppressed)
 * @handler reset write: makes every port active again
 * @see Switch, Idle
 */
#pragma once
#include <vector>

#include "clickos/element.hh"

namespace clickos {

class Suppressor : public Element {
  public:
    const char* class_name() const override { return "Suppressor"; }
    const char* port_count() const override { return "-/="; }
    const char* flow_code() const override { return "#/#"; }
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    void push(int port, Packet* p) override {
        if (suppressed_[size_t(port)])
            p->kill();
        else
            output(port).push(p);
    }
    void push_batch(int port, PacketBatch& batch) override {
        if (suppressed_[size_t(port)])
            batch.kill();
        else
            output(port).push_batch(batch);
    }
    Packet* pull(int port) override { return suppressed_[size_t(port)] ? nullptr : input(port).pull(); }
    PacketBatch pull_batch(int port, unsigned max) override {
        return suppressed_[size_t(port)] ? PacketBatch() : input(port).pull_batch(max);
    }

    bool suppressed(int port) const { return suppressed_[size_t(port)]; }
    void set_suppressed(int port, bool suppressed) { suppressed_[size_t(port)] = suppressed; }

  private:
    std::vector<char> suppressed_;
};

}  // namespace clickos
