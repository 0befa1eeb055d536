#include "iprewriter.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"

namespace clickos {

int IPRewriter::configure(Args& args) {
    Seconds tcp_data{Timestamp::from_sec(86400)}, tcp_nodata{Timestamp::from_sec(300)},
        tcp_done{Timestamp::from_sec(240)}, tcp_guarantee{Timestamp::from_sec(5)}, udp{Timestamp::from_sec(300)},
        udp_streaming, udp_guarantee{Timestamp::from_sec(5)};
    args.read("TCP_TIMEOUT", tcp_data)
        .read("TIMEOUT", tcp_data)
        .read("TCP_NODATA_TIMEOUT", tcp_nodata)
        .read("TCP_DONE_TIMEOUT", tcp_done)
        .read("TCP_GUARANTEE", tcp_guarantee)
        .read("GUARANTEE", tcp_guarantee)
        .read("UDP_TIMEOUT", udp)
        .read("UDP_STREAMING_TIMEOUT", udp_streaming)
        .read("UDP_GUARANTEE", udp_guarantee);
    if (configure_rewriter(args) < 0) return -1;
    timeouts_.tcp_data = tcp_data.value.ns;
    timeouts_.tcp_nodata = tcp_nodata.value.ns;
    timeouts_.tcp_done = tcp_done.value.ns;
    timeouts_.tcp_guarantee = tcp_guarantee.value.ns;
    timeouts_.udp = udp.value.ns;
    timeouts_.udp_streaming = args.given("UDP_STREAMING_TIMEOUT") ? udp_streaming.value.ns : udp.value.ns;
    timeouts_.udp_guarantee = udp_guarantee.value.ns;
    return 0;
}

void IPRewriter::add_handlers() {
    add_rewriter_handlers({{"tcp_table", IP_PROTO_TCP, 0},
                           {"udp_table", IP_PROTO_UDP, 0},
                           {"tcp_mappings", IP_PROTO_TCP, HANDLER_DEPRECATED},
                           {"udp_mappings", IP_PROTO_UDP, HANDLER_DEPRECATED}});
}

CLICKOS_ELEMENT(IPRewriter);

}  // namespace clickos
