#include "paintswitch.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "output_bins.hh"

namespace clickos {

namespace {
constexpr uint8_t every_output = 255;
}

int PaintSwitch::configure(Args& args) {
    AnnoOffset anno{anno::paint};
    if (args.read_p("ANNO", anno).complete() < 0) return -1;
    if (noutputs() > 255) return args.error("at most 255 outputs (paint 255 means every output)");
    anno_ = anno.offset;
    return 0;
}

void PaintSwitch::push(int, Packet* p) {
    PacketBatch b(p);
    push_batch(0, b);
}

void PaintSwitch::push_batch(int, PacketBatch& batch) {
    Packet* p = batch.first();
    batch.clear();
    classification::with_output_bins(*this, [&](auto& bins) {
        int n = int(bins.noutputs());
        while (p) {
            Packet* next = p->next();
            p->set_next(nullptr);
            uint8_t k = p->anno()[anno_];
            if (k == every_output && n > 0) {
                for (int i = 0; i < n - 1; ++i)
                    if (Packet* c = p->clone()) bins.put(i, c);
                bins.put(n - 1, p);
            } else {
                bins.put(k, p);
            }
            p = next;
        }
    });
}

CLICKOS_ELEMENT(PaintSwitch);

}  // namespace clickos
