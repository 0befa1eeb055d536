#include "hashswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "output_bins.hh"

namespace clickos {

int HashSwitch::configure(Args& args) {
    if (args.read_mp("OFFSET", offset_).read_mp("LENGTH", length_).complete() < 0) return -1;
    if (length_ == 0) return args.error("LENGTH must be at least 1");
    end_ = uint64_t(offset_) + length_;
    return 0;
}

void HashSwitch::push_batch(int, PacketBatch& batch) {
    classification::push_split(*this, batch, [this](const Packet* p) { return choose(p); });
}

CLICKOS_ELEMENT(HashSwitch);

}  // namespace clickos
