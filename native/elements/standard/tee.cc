#include "tee.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int Tee::configure(Args& args) {
    uint32_t n = uint32_t(noutputs());
    if (args.read_p("N", n).complete() < 0) return -1;
    if (n != uint32_t(noutputs()))
        return args.error("N is " + std::to_string(n) + " but " + std::to_string(noutputs()) + " outputs are used");
    return 0;
}

void Tee::push(int, Packet* p) {
    int n = noutputs();
    for (int i = 0; i < n - 1; ++i)
        if (Packet* c = p->clone()) output(i).push(c);
    output(n - 1).push(p);
}

void Tee::push_batch(int, PacketBatch& b) {
    int n = noutputs();
    for (int i = 0; i < n - 1; ++i) {
        PacketBatch copy;
        for (Packet* p = b.first(); p; p = p->next())
            if (Packet* c = p->clone()) copy.append(c);
        if (!copy.empty()) output(i).push_batch(copy);
    }
    output(n - 1).push_batch(b);
}

CLICKOS_ELEMENT(Tee);

}  // namespace clickos
