/**
 * @element IPFragmenter
 * @synopsis IPFragmenter(MTU [, HONOR_DF, VERBOSE, KEYWORDS])
 * @category IP
 * @summary splits IPv4 packets larger than MTU into fragments
 * @ports 1 input / 1 or 2 outputs, push
 *
 * Packets whose IP part (from the IP header to the end of the data) is at most MTU bytes
 * leave on output 0 unchanged. Larger ones are split into fragments of at most MTU bytes
 * (RFC 791): each carries a multiple of 8 data bytes except the last, the fragment offset
 * and more-fragments flag are set (fragments of a fragment keep their place in the
 * original datagram), and each fragment's header checksum is recomputed. The first fragment
 * keeps every IP option, and whatever preceded the IP header; later fragments carry only
 * the options whose copy bit is set, padded to a multiple of 4 bytes, and start at the IP
 * header. Fragments leave on output 0 in order, first one first, with all the original's
 * annotations. A batch leaves as one batch per output, its packets and fragments in order.
 *
 * A packet too big for MTU that has the don't-fragment flag set (unless HONOR_DF is false),
 * or whose header leaves fewer than 8 data bytes under MTU, goes to output 1 if it exists
 * (usually to an ICMPError for unreachable/needfrag) and is freed otherwise; a message is
 * printed for the first 5 such packets, or every one if VERBOSE. When HONOR_DF is false,
 * fragmented DF packets lose their DF flag and get a fresh random identification, since
 * senders need not keep DF packets' identifications unique (RFC 6864). Packets too big for
 * MTU whose IP header is unreadable or whose total length exceeds the data are freed. A
 * packet too big only because of bytes after its IP total length (link padding) is cut to
 * that length and sent on unfragmented.
 *
 * The IP header is found at the network header annotation, or at the data start when the
 * annotation is unset.
 *
 * @arg MTU unsigned: largest IP packet to send, at least 8
 * @arg HONOR_DF boolean: send DF packets to output 1 instead of fragmenting them (default true)
 * @arg VERBOSE boolean: print a message for every DF packet, not just the first 5 (default false)
 * @arg HEADROOM unsigned: headroom of the second and later fragments (default 64)
 * @handler drops read: packets not fragmented: sent to output 1 or freed as malformed
 * @handler fragments read: fragments sent
 * @see ICMPError, CheckLength
 */
#pragma once
#include "clickos/element.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

class IPFragmenter : public Element {
  public:
    const char* class_name() const override { return "IPFragmenter"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "h/h"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;
    void push(int, Packet* p) override;
    void push_batch(int, PacketBatch& batch) override;

    uint64_t drops() const { return drops_; }
    uint64_t fragments() const { return fragments_; }

  private:
    // Adds what becomes of p to the batches for output 0 (the packet or its fragments) and
    // output 1 (packets that cannot be fragmented); frees malformed packets.
    void handle(Packet* p, PacketBatch& out0, PacketBatch& out1);
    void fragment(Packet* p, const IPHeaderRef& r, uint32_t datagram_len, PacketBatch& out0);
    void refuse(Packet* p, const IPHeaderRef& r, PacketBatch& out1);
    void send(PacketBatch& out0, PacketBatch& out1);
    uint16_t random_id();

    uint32_t mtu_ = 0;
    bool honor_df_ = true;
    bool verbose_ = false;
    uint32_t headroom_ = Packet::default_headroom;
    uint64_t drops_ = 0;
    uint64_t fragments_ = 0;
    uint64_t rng_ = 0;
};

}  // namespace clickos
