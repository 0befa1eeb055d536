/**
 * @element TruncateIPPayload
 * @synopsis TruncateIPPayload([LENGTH, TRANSPORT, keyword EXTRA_LENGTH])
 * @category basic modification
 * @summary limits the payload of IP packets to a maximum length
 * @ports 1 input / 1 output, agnostic
 *
 * Cuts IP packets so that at most LENGTH bytes of payload remain; the headers are kept.
 * The payload starts after the transport header (TCP, with its options; UDP, 8 bytes;
 * ICMP, 8 bytes) of unfragmented packets and first fragments, and after the IP header
 * (as the header annotations mark it) for other protocols, later fragments, or when
 * TRANSPORT is false. A transport header cut short by the packet's end counts as ending
 * there. Packets without a network header annotation are cut to LENGTH bytes. Header
 * length fields and checksums are left as they were: the element is meant for traces and
 * monitoring, where only the headers matter.
 *
 * @arg LENGTH unsigned: bytes of payload kept (default 0)
 * @arg TRANSPORT boolean: whether the transport header is kept too (default true)
 * @arg EXTRA_LENGTH boolean: in Click, whether to record the dropped bytes in an extra-length
 *   annotation. Accepted for compatibility; ClickOS packets have no such annotation, so it
 *   has no effect (default true)
 * @handler length read/write: LENGTH
 * @see Truncate, StripIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class TruncateIPPayload : public SimpleElement<TruncateIPPayload> {
  public:
    const char* class_name() const override { return "TruncateIPPayload"; }
    int configure(Args& args) override;
    void add_handlers() override;

    Packet* action(Packet* p) {
        uint32_t keep = payload_offset(p) + length_;
        if (p->length() > keep) p->take(p->length() - keep);
        return p;
    }

  private:
    uint32_t payload_offset(const Packet* p) const;

    uint32_t length_ = 0;
    bool transport_ = true;
    bool extra_length_ = true;
};

}  // namespace clickos
