// libFuzzer target: arbitrary bytes as IPv4 packets through the NAT helpers that parse headers
// (IPAddrRewriter, IPAddrPairRewriter, ICMPPingRewriter, ICMPRewriter, FTPPortMapper with the
// TCPRewriter whose sequence numbers it shifts) and IPRewriter, all with small tables so that
// eviction and allocation failures happen. Mappings persist from one input to the next, so
// ICMP errors and replies find the mappings earlier inputs made.
//
// Input: the first byte is control (bit 0 sends the packet in a batch of two copies; bit 1
// leaves the network header annotation unset); the rest is the packet, IPv4 header first.
#include <cstdint>

#include "testing/fuzz_harness.hh"

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
IPRewriterPatterns(NAT 203.0.113.1 1024-1100# - -, POOL 198.51.100.1-198.51.100.6 -);
rr :: RoundRobinIPMapper(203.0.113.2 2000-2010 - - 0 1, 203.0.113.3 2000-2010 - - 1 0);
in :: FuzzInject -> split :: Tee(8);
split[0] -> ar :: IPAddrRewriter(pattern POOL 0 1, MAPPING_CAPACITY 8) -> Discard; ar[1] -> Discard;
split[1] -> pr :: IPAddrPairRewriter(pattern 198.51.100.0/29# 10.9.9.9 0 1, MAPPING_CAPACITY 8) -> Discard; pr[1] -> Discard;
split[2] -> ping :: ICMPPingRewriter(pattern NAT 0 1, pass 1, MAPPING_CAPACITY 8) -> Discard; ping[1] -> Discard;
split[3] -> [1]ping;
split[4] -> iprw :: IPRewriter(rr, MAPPING_CAPACITY 8) -> Discard; iprw[1] -> Discard;
split[5] -> errs :: ICMPRewriter(iprw ping ar pr tcprw) -> Discard; errs[1] -> Discard;
split[6] -> FTPPortMapper(tcprw, iprw, 203.0.113.9 9000-9010 - - 0 1)
    -> tcprw :: TCPRewriter(pattern NAT 0 1, drop, MAPPING_CAPACITY 8) -> Discard; tcprw[1] -> Discard;
split[7] -> [1]tcprw;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "nat_helpers_fuzzer");
    static FuzzInject* in = graph.find("in");
    const uint8_t control = data[0];
    auto make = [&] {
        Packet* p = Packet::make(data + 1, uint32_t(size - 1));
        if (p && !(control & 2) && size - 1 >= 20) {
            uint32_t hl = uint32_t(data[1] & 15) * 4;
            p->set_network_header(p->data(), hl >= 20 ? hl : 20);
        }
        return p;
    };
    in->send_one_or_two(control & 1, make);
    return 0;
}
