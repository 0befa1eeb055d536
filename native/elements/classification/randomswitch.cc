#include "randomswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"
#include "output_bins.hh"

namespace clickos {

int RandomSwitch::configure(Args& args) {
    if (args.complete() < 0) return -1;
    // Different routers (and elements) get different sequences.
    seed(uint64_t(platform::monotonic_ns()) * 0x9E3779B97F4A7C15ull ^ uint64_t(reinterpret_cast<uintptr_t>(this)));
    return 0;
}

void RandomSwitch::push_batch(int, PacketBatch& batch) {
    classification::push_split(*this, batch, [this](const Packet*) { return choose(); });
}

CLICKOS_ELEMENT(RandomSwitch);

}  // namespace clickos
