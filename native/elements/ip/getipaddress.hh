/**
 * @element GetIPAddress
 * @synopsis GetIPAddress(OFFSET [, ANNO, keyword IP])
 * @category IP
 * @summary sets the destination IP annotation from packet data
 * @ports 1 input / 1 output, agnostic
 *
 * Copies the 4 bytes found OFFSET bytes into the packet (counted from the start of the
 * packet data, not from the IP header) into the destination IP address annotation, or
 * into the 4-byte annotation ANNO names. OFFSET is usually 16, the destination address of
 * an IP packet that starts at the packet data.
 *
 * Instead of OFFSET, `IP src` or `IP dst` takes the source or destination address of the
 * header the network header annotation marks. Give exactly one of OFFSET and IP. Packets
 * too short for the bytes asked for (or, with IP, without a marked header) pass with
 * the annotation unchanged.
 *
 * @arg OFFSET unsigned: where the 4 bytes start, from the start of the packet data
 * @arg ANNO annotation: the annotation to set (default DST_IP)
 * @arg IP src or dst: take this address of the marked IP header instead of OFFSET
 * @see SetIPAddress, StoreIPAddress, ARPQuerier, StaticIPLookup
 */
#pragma once
#include "clickos/element.hh"
#include "header_access.hh"

namespace clickos {

class GetIPAddress : public SimpleElement<GetIPAddress> {
  public:
    const char* class_name() const override { return "GetIPAddress"; }
    int configure(Args& args) override;

    Packet* action(Packet* p) {
        const uint8_t* from = nullptr;
        if (source_ == Source::Offset) {
            if (offset_ <= p->length() && p->length() - offset_ >= 4) from = p->data() + offset_;
        } else if (ip::in_packet(p, p->network_header(), sizeof(click_ip))) {
            from = p->network_header() + (source_ == Source::IPSrc ? offsetof(click_ip, src) : offsetof(click_ip, dst));
        }
        if (from) std::memcpy(p->anno() + anno_, from, 4);
        return p;
    }

  private:
    enum class Source { Offset, IPSrc, IPDst };
    Source source_ = Source::Offset;
    uint32_t offset_ = 0;
    size_t anno_ = anno::dst_ip;
};

}  // namespace clickos
