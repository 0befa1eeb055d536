// libFuzzer target: arbitrary bytes as packets through the IP header elements, both
// behind CheckIPHeader and behind MarkIPHeader (so malformed headers reach every element
// that reads them). Besides not crashing (ASan/UBSan), packets CheckIPHeader accepts must
// have a header that is inside the packet, long enough, correctly summed and exactly as
// long as the packet.
//
// Input: the first byte is control (bit 0 sets the Fix IP Source annotation, bit 1 sends
// the packet in a batch of two copies); the rest is the packet.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "ip/header_access.hh"
#include "testing/fuzz_harness.hh"

namespace clickos {

// Aborts unless each packet carries a header CheckIPHeader should have accepted.
class FuzzExpectValidIP : public SimpleElement<FuzzExpectValidIP> {
  public:
    const char* class_name() const override { return "FuzzExpectValidIP"; }
    Packet* action(Packet* p) {
        const uint8_t* h = p->network_header();
        uint32_t hlen = p->network_header_length();
        click_ip iph;
        if (!ip::read_ip_header(p, iph) || hlen < 20 || hlen != iph.header_length() || !ip::in_packet(p, h, hlen) ||
            internet_checksum(h, hlen) != 0 || long(ntohs(iph.len)) != ip::bytes_after(p, h) ||
            p->dst_ip_anno() != iph.dst) {
            std::fprintf(stderr, "CheckIPHeader passed a bad header\n");
            std::abort();
        }
        return p;
    }
};

CLICKOS_ELEMENT(FuzzExpectValidIP);

}  // namespace clickos

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
in :: FuzzInject -> split :: Tee(2);

// Checked path.
split[0] -> ck :: CheckIPHeader(DETAILS true) -> FuzzExpectValidIP -> checked :: Tee(5);
ck[1] -> Discard;
checked[0] -> t1 :: CheckTCPHeader(DETAILS true) -> Discard; t1[1] -> Discard;
checked[1] -> u1 :: CheckUDPHeader(DETAILS true) -> Discard; u1[1] -> Discard;
checked[2] -> i1 :: CheckICMPHeader(DETAILS true) -> Discard; i1[1] -> Discard;
checked[3] -> d1 :: DecIPTTL -> g1 :: IPGWOptions(1.2.3.4, 5.6.7.8 9.10.11.12) -> FixIPSrc(9.9.9.9)
    -> GetIPAddress(IP src) -> IPPrint(OUTFILE /dev/null, CONTENTS HEX, ID true, TTL true, TOS true, LENGTH true)
    -> StripIPHeader -> Discard;
d1[1] -> Discard; g1[1] -> Discard;
checked[4] -> IPPrint(OUTFILE /dev/null, PAYLOAD ASCII, MAXLENGTH -1) -> Discard;

// Unchecked path: whatever the header says.
split[1] -> MarkIPHeader -> unchecked :: Tee(5);
unchecked[0] -> t2 :: CheckTCPHeader -> Discard; t2[1] -> Discard;
unchecked[1] -> u2 :: CheckUDPHeader -> Discard; u2[1] -> Discard;
unchecked[2] -> i2 :: CheckICMPHeader -> Discard; i2[1] -> Discard;
unchecked[3] -> d2 :: DecIPTTL -> g2 :: IPGWOptions(1.2.3.4) -> FixIPSrc(9.9.9.9) -> GetIPAddress(16)
    -> GetIPAddress(IP dst) -> StripIPHeader -> Discard;
d2[1] -> Discard; g2[1] -> Discard;
unchecked[4] -> IPPrint(OUTFILE /dev/null, PAYLOAD HEX, SWAP true, AGGREGATE true, PAINT true) -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "ip_headers_fuzzer");
    static FuzzInject* in = graph.find("in");
    uint8_t control = data[0];
    auto make = [&] {
        Packet* p = Packet::make(data + 1, uint32_t(size - 1));
        if (p && (control & 1)) p->anno()[anno::fix_ip_src] = 1;
        return p;
    };
    in->send_one_or_two(control & 2, make);
    return 0;
}
