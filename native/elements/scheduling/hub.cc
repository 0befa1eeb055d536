#include "hub.hh"

#include "clickos/element_class.hh"

namespace clickos {

void Hub::push(int port, Packet* p) {
    int last = noutputs() - 1;
    if (last == port) --last;
    if (last < 0) {
        p->kill();
        return;
    }
    for (int i = 0; i < last; ++i)
        if (i != port)
            if (Packet* c = p->clone()) output(i).push(c);
    output(last).push(p);
}

CLICKOS_ELEMENT(Hub);

}  // namespace clickos
