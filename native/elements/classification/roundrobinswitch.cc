#include "roundrobinswitch.hh"

#include "clickos/element_class.hh"
#include "output_bins.hh"

namespace clickos {

void RoundRobinSwitch::push_batch(int, PacketBatch& batch) {
    classification::push_split(*this, batch, [this](const Packet*) { return choose(); });
}

CLICKOS_ELEMENT(RoundRobinSwitch);

}  // namespace clickos
