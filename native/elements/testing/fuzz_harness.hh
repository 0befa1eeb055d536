// What the libFuzzer targets of packet-facing elements share: FuzzInject, through which a
// fuzzer pushes its packets into a graph, and FuzzGraph, which builds the fuzzer's
// configuration once per process. A fuzzer links fuzz_harness.cc (the clickos_fuzz_harness
// objects), which registers FuzzInject.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "clickos/batch.hh"
#include "clickos/element.hh"
#include "clickos/router.hh"

namespace clickos::fuzzing {

// "0/1" push source: sends what the fuzzer gives it.
class FuzzInject : public Element {
  public:
    const char* class_name() const override { return "FuzzInject"; }
    const char* port_count() const override { return "0/1"; }
    const char* processing() const override { return "h/h"; }
    void send(Packet* p) { output(0).push(p); }
    void send_batch(PacketBatch& b) { output(0).push_batch(b); }

    // Sends the packet make() returns or, when `batch`, two of them in one batch (make()
    // returns nullptr when it cannot make one).
    template <typename Make>
    void send_one_or_two(bool batch, Make&& make) {
        if (batch) {
            PacketBatch b;
            for (int i = 0; i < 2; ++i)
                if (Packet* p = make()) b.append(p);
            if (!b.empty()) send_batch(b);
        } else if (Packet* p = make()) {
            send(p);
        }
    }
};

// A fuzzer's router; a configuration that does not build, or an element that is not there,
// is the fuzzer's own bug: it aborts with the errors before any input runs.
class FuzzGraph {
  public:
    // `name` names the fuzzer in messages; the configuration's file is "<name>.click".
    FuzzGraph(const char* config, const char* name);

    Router& router() const { return *router_; }

    template <typename T = FuzzInject>
    T* find(const char* element) const {
        T* e = dynamic_cast<T*>(router_->find(element));
        if (!e) {
            std::fprintf(stderr, "%s: no element %s of the expected class\n", name_.c_str(), element);
            std::abort();
        }
        return e;
    }

  private:
    std::string name_;
    std::unique_ptr<Router> router_;
};

}  // namespace clickos::fuzzing
