// libFuzzer target: arbitrary bytes as frames and packets through the elements that read
// link, ARP, IP and ICMP headers and edit them in place: VLANDecap, VLANEncap,
// EtherVLANEncap, StripEtherVLANHeader, ARPPrint, ICMPPingResponder, StoreIPAddress,
// SetIPDSCP, MarkIPCE, StripToNetworkHeader, IPMulticastEtherEncap, IPRateMonitor, Pad and
// Resize; with and without header annotations. Besides not crashing (ASan/UBSan), headers
// CheckIPHeader accepted must still sum correctly after the checksum-updating edits.
//
// Input: the first byte is control (bit 0 sends the packet in a batch of two copies, bit 1
// sets the VLAN_TCI annotation from the next two bytes); the rest is the packet.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "clickos/router.hh"
#include "ip/header_access.hh"
#include "testing/fuzz_harness.hh"

namespace clickos {

// Aborts unless the IPv4 header at the network header annotation sums to zero.
class FuzzExpectIPSum : public SimpleElement<FuzzExpectIPSum> {
  public:
    const char* class_name() const override { return "FuzzExpectIPSum"; }
    Packet* action(Packet* p) {
        const uint8_t* h = p->network_header();
        uint32_t hlen = p->network_header_length();
        if (!ip::in_packet(p, h, hlen) || hlen < 20 || internet_checksum(h, hlen) != 0) {
            std::fprintf(stderr, "an IP header edit broke the checksum\n");
            std::abort();
        }
        return p;
    }
};

CLICKOS_ELEMENT(FuzzExpectIPSum);

}  // namespace clickos

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
in :: FuzzInject -> split :: Tee(4);

// Frames: tags off and on, then the link header off; the IP header is checked.
split[0] -> VLANDecap -> VLANEncap(VLAN_ID 5, NATIVE_VLAN -1) -> strip :: StripEtherVLANHeader(-1);
strip[1] -> Discard;
strip -> ck :: CheckIPHeader -> checked :: Tee(5);
ck[1] -> Discard;
checked[0] -> ping :: ICMPPingResponder -> FuzzExpectIPSum -> IPMulticastEtherEncap(0x0800, 1:1:1:1:1:1) -> Discard;
ping[1] -> Discard;
checked[1] -> s1 :: StoreIPAddress(1.2.3.4, src) -> s2 :: StoreIPAddress(dst) -> FuzzExpectIPSum -> Discard;
s1[1] -> Discard; s2[1] -> Discard;
checked[2] -> SetIPDSCP(46) -> MarkIPCE(true) -> FuzzExpectIPSum -> StripToNetworkHeader -> Discard;
checked[3] -> MarkIPCE -> FuzzExpectIPSum -> Discard;
checked[4] -> IPRateMonitor(BYTES, 1, 0, 100) -> Discard;

// Whatever the header says: marked, not checked.
split[1] -> MarkIPHeader(14) -> unchecked :: Tee(5);
unchecked[0] -> p2 :: ICMPPingResponder -> Discard; p2[1] -> Discard;
unchecked[1] -> s3 :: StoreIPAddress(9.9.9.9, dst) -> s4 :: StoreIPAddress(3) -> Discard; s3[1] -> Discard; s4[1] -> Discard;
unchecked[2] -> SetIPDSCP(1) -> MarkIPCE -> StripToNetworkHeader -> Discard;
unchecked[3] -> IPRateMonitor(PACKETS, 0.5, 1) -> IPMulticastEtherEncap(0x0800, 1:1:1:1:1:1) -> Discard;
unchecked[4] -> ARPPrint(OUTFILE /dev/null) -> Discard;

// No annotations at all.
split[2] -> ARPPrint(x, OUTFILE /dev/null) -> p3 :: ICMPPingResponder -> Discard; p3[1] -> Discard;
split[3] -> Resize(-3, -2) -> Pad(20) -> VLANDecap(ETHERTYPE 0x88a8)
    -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ANNO) -> s5 :: StripEtherVLANHeader
    -> SetIPDSCP(3) -> s6 :: StoreIPAddress(8.8.8.8, src) -> Discard;
s5[1] -> Discard; s6[1] -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "header_editors_fuzzer");
    static FuzzInject* in = graph.find("in");
    uint8_t control = data[0];
    auto make = [&] {
        Packet* p = Packet::make(data + 3, uint32_t(size - 3));
        if (p && (control & 2)) {
            p->anno()[anno::vlan_tci] = data[1];
            p->anno()[anno::vlan_tci + 1] = data[2];
        }
        return p;
    };
    in->send_one_or_two(control & 1, make);
    return 0;
}
