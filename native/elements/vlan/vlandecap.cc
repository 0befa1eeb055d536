#include "vlan/vlandecap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int VLANDecap::configure(Args& args) {
    return args.read_p("ANNO", anno_).read("ETHERTYPE", ethertype_).complete();
}

CLICKOS_ELEMENT(VLANDecap);

}  // namespace clickos
