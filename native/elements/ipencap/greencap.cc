#include "greencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "ipencap/gre.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int GREEncap::configure(Args& args) {
    uint16_t protocol = 0;
    uint32_t key = 0;
    if (args.read_mp("PROTOCOL", protocol)
            .read("CHECKSUM", checksum_)
            .read("KEY", key)
            .read("SEQUENCE", seq_present_)
            .complete() < 0)
        return -1;
    uint16_t flags = 0;
    if (checksum_) flags |= gre::flag_checksum;
    if (args.given("KEY")) flags |= gre::flag_key;
    if (seq_present_) flags |= gre::flag_seq;
    std::memset(header_, 0, sizeof header_);
    store_be16(header_, flags);
    store_be16(header_ + 2, protocol);
    len_ = gre::header_length(flags);
    uint32_t at = gre::base_length + (checksum_ ? 4 : 0);
    if (flags & gre::flag_key) {
        store_be32(header_ + at, key);
        at += 4;
    }
    seq_at_ = at;
    return 0;
}

int GREEncap::initialize(ErrorHandler*) {
    seq_ = 0;
    return 0;
}

Packet* GREEncap::action(Packet* p) {
    if (!(p = p->push(len_))) return nullptr;
    uint8_t* h = p->mutable_data();
    std::memcpy(h, header_, len_);
    if (seq_present_) store_be32(h + seq_at_, seq_++);
    if (checksum_) {
        uint16_t sum = internet_checksum(h, p->length());
        std::memcpy(h + 4, &sum, 2);
    }
    return p;
}

void GREEncap::add_handlers() {
    add_read_handler("seq", [this](Element*) { return std::to_string(seq_) + "\n"; });
}

CLICKOS_ELEMENT(GREEncap);

}  // namespace clickos
