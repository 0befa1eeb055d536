// libFuzzer target: IPReassembler fed a sequence of arbitrary packets (fragments or not),
// with a short timeout so partial datagrams also leave on output 1. Besides not crashing
// (ASan/UBSan), reassembled datagrams (not packets passed through as they came) must have a correct header checksum and
// a total length equal to their IP part, and the memory held must stay within HIMEM.
//
// Input: packets, each as a 2-byte big-endian length followed by that many bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "ipencap/ip_header.hh"
#include "testing/fuzz_harness.hh"

namespace clickos {

// The packet being injected: when it leaves unchanged (not a fragment), it is not checked.
static const Packet* injected = nullptr;

// Aborts unless the datagram's header is consistent.
class FuzzExpectDatagram : public SimpleElement<FuzzExpectDatagram> {
  public:
    const char* class_name() const override { return "FuzzExpectDatagram"; }
    Packet* action(Packet* p) {
        if (p == injected) return p;
        IPHeaderRef r;
        if (!locate_ip_header(p, r) || internet_checksum(r.bytes(p), r.hlen) != 0 || ntohs(r.h.len) != r.avail) {
            std::fprintf(stderr, "IPReassembler emitted a bad datagram\n");
            std::abort();
        }
        return p;
    }
};

CLICKOS_ELEMENT(FuzzExpectDatagram);

}  // namespace clickos

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
in :: FuzzInject -> r :: IPReassembler(HIMEM 8192, TIMEOUT 1ms);
r[0] -> FuzzExpectDatagram -> Discard;
r[1] -> FuzzExpectDatagram -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 65536) return 0;
    static fuzzing::FuzzGraph graph(config, "ipreassembler_fuzzer");
    static FuzzInject* in = graph.find("in");
    size_t at = 0;
    while (at + 2 <= size) {
        size_t n = size_t(data[at]) << 8 | data[at + 1];
        at += 2;
        if (n > size - at) n = size - at;
        if (Packet* p = Packet::make(data + at, uint32_t(n))) {
            injected = p;
            in->send(p);
            injected = nullptr;
        }
        at += n;
    }
    std::string used, error;
    graph.router().read("r.mem_used", used, error);
    if (std::stoul(used) > 8192) {
        std::fprintf(stderr, "IPReassembler holds more than HIMEM\n");
        std::abort();
    }
    graph.router().run_for(2'000'000);  // lets the timeout fire now and then
    return 0;
}
