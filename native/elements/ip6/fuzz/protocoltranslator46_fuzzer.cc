// libFuzzer target: arbitrary bytes into both inputs of ProtocolTranslator46. Besides not
// crashing (ASan/UBSan), IPv4 packets it makes must carry a correct header checksum and a
// total length equal to their size, and IPv6 packets a payload length equal to theirs.
//
// Input: the first byte is control (bit 0: send to the IPv6 input, else the IPv4 one).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "ipencap/ip_header.hh"
#include "testing/fuzz_harness.hh"

namespace clickos {

class FuzzExpectIPv4 : public SimpleElement<FuzzExpectIPv4> {
  public:
    const char* class_name() const override { return "FuzzExpectIPv4"; }
    Packet* action(Packet* p) {
        IPHeaderRef r;
        if (!locate_ip_header(p, r) || internet_checksum(r.bytes(p), r.hlen) != 0 || ntohs(r.h.len) != r.avail) {
            std::fprintf(stderr, "ProtocolTranslator46 made a bad IPv4 packet\n");
            std::abort();
        }
        return p;
    }
};

class FuzzExpectIPv6 : public SimpleElement<FuzzExpectIPv6> {
  public:
    const char* class_name() const override { return "FuzzExpectIPv6"; }
    Packet* action(Packet* p) {
        const uint8_t* h = p->data();
        if (p->length() < 40 || (h[0] >> 4) != 6 || load_be16(h + 4) + 40u != p->length()) {
            std::fprintf(stderr, "ProtocolTranslator46 made a bad IPv6 packet\n");
            std::abort();
        }
        return p;
    }
};

CLICKOS_ELEMENT(FuzzExpectIPv4);
CLICKOS_ELEMENT(FuzzExpectIPv6);

}  // namespace clickos

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
v4 :: FuzzInject -> [0] t :: ProtocolTranslator46 [0] -> FuzzExpectIPv6 -> [1] back :: ProtocolTranslator46;
v6 :: FuzzInject -> [1] t [1] -> FuzzExpectIPv4 -> [0] back;
back[0] -> FuzzExpectIPv6 -> Discard;
back[1] -> FuzzExpectIPv4 -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "protocoltranslator46_fuzzer");
    static FuzzInject *v4 = graph.find("v4"), *v6 = graph.find("v6");
    if (Packet* p = Packet::make(data + 1, uint32_t(size - 1))) (data[0] & 1 ? v6 : v4)->send(p);
    return 0;
}
