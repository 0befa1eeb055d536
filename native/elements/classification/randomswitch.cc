#include "randomswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/random.hh"
#include "output_bins.hh"

namespace clickos {

int RandomSwitch::configure(Args& args) {
    if (args.complete() < 0) return -1;
    // From the engine's shared generator: RandomSeed makes the choices repeatable, and
    // without it every element gets its own clock-seeded sequence.
    seed(random64());
    return 0;
}

void RandomSwitch::push_batch(int, PacketBatch& batch) {
    classification::push_split(*this, batch, [this](const Packet*) { return choose(); });
}

CLICKOS_ELEMENT(RandomSwitch);

}  // namespace clickos
