#include "setipaddress.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ip_anno_arg.hh"

namespace clickos {

int SetIPAddress::configure(Args& args) {
    IPAddress addr;
    IPAddressAnno anno;
    if (args.read_mp("IPADDR", addr).read_p("ANNO", anno).complete() < 0) return -1;
    addr_ = addr.addr;
    anno_ = anno.offset;
    return 0;
}

CLICKOS_ELEMENT(SetIPAddress);

}  // namespace clickos
