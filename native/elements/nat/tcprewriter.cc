#include "tcprewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int TCPRewriter::configure(Args& args) {
    Seconds data{Timestamp::from_sec(86400)}, nodata{Timestamp::from_sec(300)}, done{Timestamp::from_sec(240)},
        guarantee{Timestamp::from_sec(5)};
    args.read("TCP_TIMEOUT", data)
        .read("TIMEOUT", data)
        .read("TCP_NODATA_TIMEOUT", nodata)
        .read("TCP_DONE_TIMEOUT", done)
        .read("TCP_GUARANTEE", guarantee)
        .read("GUARANTEE", guarantee);
    if (configure_rewriter(args) < 0) return -1;
    timeouts_.tcp_data = data.value.ns;
    timeouts_.tcp_nodata = nodata.value.ns;
    timeouts_.tcp_done = done.value.ns;
    timeouts_.tcp_guarantee = guarantee.value.ns;
    return 0;
}

void TCPRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

CLICKOS_ELEMENT(TCPRewriter);

}  // namespace clickos
