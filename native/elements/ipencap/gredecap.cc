#include "gredecap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/ip.hh"
#include "ipencap/gre.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

const char* const reason_names[GREDecap::NReasons] = {"too short",    "bad version", "unsupported flags",
                                                      "bad checksum", "bad key",     "bad sequence number"};

}  // namespace

int GREDecap::configure(Args& args) {
    if (args.read("CHECKSUM", require_checksum_).read("KEY", key_).read("SEQUENCE", check_seq_).complete() < 0)
        return -1;
    check_key_ = args.given("KEY");
    return 0;
}

int GREDecap::initialize(ErrorHandler*) {
    have_seq_ = false;
    return 0;
}

int GREDecap::check(const Packet* p) const {
    const uint8_t* h = p->data();
    if (p->length() < gre::base_length) return TooShort;
    uint16_t flags = load_be16(h);
    if (flags & gre::version_mask) return BadVersion;
    if (flags & gre::flags_unsupported) return BadFlags;
    if (p->length() < gre::header_length(flags)) return TooShort;
    uint32_t at = gre::base_length;
    if (flags & gre::flag_checksum) {
        if (checksum_partial(h, p->length()) != 0xffff) return BadChecksum;
        at += 4;
    } else if (require_checksum_) {
        return BadChecksum;
    }
    if (flags & gre::flag_key) {
        if (check_key_ && load_be32(h + at) != key_) return BadKey;
        at += 4;
    } else if (check_key_) {
        return BadKey;
    }
    if (check_seq_) {
        if (!(flags & gre::flag_seq)) return BadSequence;
        // Serial number arithmetic: later means less than half the number space ahead.
        if (have_seq_ && int32_t(load_be32(h + at) - last_seq_) <= 0) return BadSequence;
    }
    return -1;
}

Packet* GREDecap::decap(Packet* p, PacketBatch* rejected) {
    int reason = check(p);
    if (reason >= 0) {
        ++drops_;
        ++reason_drops_[reason];
        if (rejected)
            rejected->append(p);
        else
            checked_output_push(1, p);
        return nullptr;
    }
    uint16_t flags = load_be16(p->data());
    uint32_t len = gre::header_length(flags);
    if (check_seq_) {
        last_seq_ = load_be32(p->data() + len - 4);
        have_seq_ = true;
    }
    uint16_t protocol = load_be16(p->data() + 2);
    p->pull(len);
    if (protocol == ETHERTYPE_IP && p->length() >= sizeof(click_ip) && (p->data()[0] >> 4) == 4) {
        uint32_t hl = uint32_t(p->data()[0] & 15) * 4;
        p->set_network_header(p->data(), hl >= sizeof(click_ip) && hl <= p->length() ? hl : sizeof(click_ip));
    }
    return p;
}

void GREDecap::push(int, Packet* p) {
    if ((p = decap(p, nullptr))) output(0).push(p);
}

Packet* GREDecap::pull(int) {
    while (Packet* p = input(0).pull()) {
        if ((p = decap(p, nullptr))) return p;
    }
    return nullptr;
}

void GREDecap::push_batch(int, PacketBatch& batch) {
    PacketBatch rejected;
    batch.filter([this, &rejected](Packet* p) { return decap(p, &rejected); });
    if (!batch.empty()) output(0).push_batch(batch);
    if (rejected.empty()) return;
    if (noutputs() > 1)
        output(1).push_batch(rejected);
    else
        rejected.kill();
}

void GREDecap::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
    add_read_handler("drop_details", [this](Element*) {
        std::string s;
        for (int i = 0; i < NReasons; ++i) s += std::to_string(reason_drops_[i]) + " " + reason_names[i] + "\n";
        return s;
    });
}

CLICKOS_ELEMENT(GREDecap);

}  // namespace clickos
