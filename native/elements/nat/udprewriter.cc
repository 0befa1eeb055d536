#include "udprewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int UDPRewriter::configure(Args& args) {
    Seconds timeout{Timestamp::from_sec(300)}, streaming, guarantee{Timestamp::from_sec(5)};
    args.read("TIMEOUT", timeout)
        .read("UDP_TIMEOUT", timeout)
        .read("STREAMING_TIMEOUT", streaming)
        .read("UDP_STREAMING_TIMEOUT", streaming)
        .read("GUARANTEE", guarantee)
        .read("UDP_GUARANTEE", guarantee);
    if (configure_rewriter(args) < 0) return -1;
    timeouts_.udp = timeout.value.ns;
    bool has_streaming = args.given("STREAMING_TIMEOUT") || args.given("UDP_STREAMING_TIMEOUT");
    timeouts_.udp_streaming = has_streaming ? streaming.value.ns : timeout.value.ns;
    timeouts_.udp_guarantee = guarantee.value.ns;
    return 0;
}

void UDPRewriter::add_handlers() {
    add_rewriter_handlers({{"table", 0, 0}, {"mappings", 0, HANDLER_DEPRECATED}});
}

CLICKOS_ELEMENT(UDPRewriter);

}  // namespace clickos
