/**
 * @element GREDecap
 * @synopsis GREDecap([KEYWORDS])
 * @category encapsulation
 * @summary checks and removes the GRE header of each packet
 * @ports 1 input / 1 or 2 outputs; output 0 agnostic, output 1 push
 *
 * Expects packets that start with a GRE header (RFC 2784), for example after StripIPHeader
 * removed the outer IP header of a GRE-in-IP packet. Valid packets lose their GRE header and
 * leave on output 0; when the header announced IPv4 (protocol type 0x0800) and an IPv4
 * header follows, the network header annotation is set to it. Invalid packets leave on
 * output 1 if it exists and are freed otherwise.
 *
 * A packet is invalid if it is shorter than the header its flags announce, if the version
 * is not 0, if it uses RFC 1701 routing, strict source route or recursion control bits,
 * or if it carries a checksum that does not verify. The keywords add checks: CHECKSUM
 * requires a checksum; KEY requires the key field to be present and equal to KEY (without
 * KEY, keys are not checked); SEQUENCE requires a sequence number later, in serial number
 * arithmetic, than the last accepted one, so duplicates and packets overtaken by later ones
 * are dropped (RFC 2890).
 *
 * This element is ClickOS's counterpart of GREEncap; Click splits the job between
 * CheckGREHeader and StripGREHeader.
 *
 * @arg CHECKSUM boolean: require a valid checksum (default false)
 * @arg KEY unsigned: require this 32-bit key
 * @arg SEQUENCE boolean: require increasing sequence numbers (default false)
 * @handler drops read: invalid packets seen
 * @handler drop_details read: invalid packets by reason, one "COUNT reason" line each
 * @see GREEncap, IPEncap, StripIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class GREDecap : public Element {
  public:
    const char* class_name() const override { return "GREDecap"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler*) override;
    void add_handlers() override;

    void push(int, Packet* p) override;
    Packet* pull(int) override;
    void push_batch(int, PacketBatch& batch) override;

    enum Reason { TooShort, BadVersion, BadFlags, BadChecksum, BadKey, BadSequence, NReasons };

  private:
    // The packet without its GRE header, or null if it was invalid: then it was added to
    // `rejected`, or (when that is null) sent to output 1 or freed.
    Packet* decap(Packet* p, PacketBatch* rejected);
    int check(const Packet* p) const;  // a Reason, or -1 if valid

    bool require_checksum_ = false;
    bool check_key_ = false;
    uint32_t key_ = 0;
    bool check_seq_ = false;
    bool have_seq_ = false;
    uint32_t last_seq_ = 0;
    uint64_t drops_ = 0;
    uint64_t reason_drops_[NReasons] = {};
};

}  // namespace clickos
