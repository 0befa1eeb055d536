// libFuzzer target: arbitrary bytes as timestamped IPv4 packets through AggregateIPFlows (with
// ICMP errors and fragments), AggregateCounter, TimeFilter, SetTimestampDelta and
// AdjustTimestamp. Flows persist from one input to the next (forgotten every 65536 inputs: with
// random timestamps they would otherwise only accumulate).
//
// Input: byte 0 is control (bit 0 leaves the network header annotation unset); bytes 1-4
// are the packet's timestamp in seconds (little-endian), so timeouts and reaping happen;
// the rest is the packet, IPv4 header first.
#include <cstdint>
#include <string>

#include "testing/fuzz_harness.hh"

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
in :: FuzzInject -> split :: Tee(2);
split[0] -> af :: AggregateIPFlows(ICMP true, UDP_TIMEOUT 5s, TCP_DONE_TIMEOUT 2s, FRAGMENT_TIMEOUT 3s, REAP 10s)
    -> ac :: AggregateCounter(BYTES true, IP_BYTES true, AGGREGATE_FREEZE 1000) -> Discard;
af[1] -> AggregateCounter -> Discard;
split[1] -> TimeFilter(START_AFTER 2s, INTERVAL 100s, END_CALL tf2.extend_interval 1s) -> tf2 :: TimeFilter(END 4000000000)
    -> SetTimestampDelta -> AdjustTimestamp(-1s, ALL true) -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 5 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "analysis_fuzzer");
    static FuzzInject* in = graph.find("in");
    const uint8_t control = data[0];
    const uint32_t sec = uint32_t(data[1]) | uint32_t(data[2]) << 8 | uint32_t(data[3]) << 16 | uint32_t(data[4]) << 24;
    Packet* p = Packet::make(data + 5, uint32_t(size - 5));
    if (!p) return 0;
    p->set_timestamp_anno(Timestamp{int64_t(sec) * 1'000'000'000});
    if (!(control & 1) && size - 5 >= 20) {
        uint32_t hl = uint32_t(data[5] & 15) * 4;
        p->set_network_header(p->data(), hl >= 20 ? hl : 20);
    }
    in->send(p);
    static uint32_t inputs = 0;
    if (++inputs % 65536 == 0) {
        std::string error;
        graph.router().write("af.clear", "", error);
    }
    return 0;
}
