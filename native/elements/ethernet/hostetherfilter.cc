#include "hostetherfilter.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr uint32_t kEtherHeaderLength = 14;
constexpr uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
}  // namespace

int HostEtherFilter::configure(Args& args) {
    return args.read_mp("ETHER", addr_)
        .read_p("DROP_OWN", drop_own_)
        .read_p("DROP_OTHER", drop_other_)
        .read("OFFSET", offset_)
        .complete();
}

bool HostEtherFilter::process(Packet*& p) {
    if (p->length() < kEtherHeaderLength || p->length() - kEtherHeaderLength < offset_) {
        ++drops_;
        return false;
    }
    const uint8_t* dst = p->data() + offset_;
    const uint8_t* src = dst + 6;
    if (drop_own_ && std::memcmp(src, addr_.bytes, 6) == 0) {
        ++drops_;
        return false;
    }
    if (std::memcmp(dst, addr_.bytes, 6) == 0) {
        p->set_packet_type_anno(PacketType::Host);
    } else if (std::memcmp(dst, kBroadcast, 6) == 0) {
        p->set_packet_type_anno(PacketType::Broadcast);
    } else if (dst[0] & 1) {
        p->set_packet_type_anno(PacketType::Multicast);
    } else {
        p->set_packet_type_anno(PacketType::OtherHost);
        if (drop_other_) {
            ++drops_;
            return false;
        }
    }
    return true;
}

void HostEtherFilter::add_handlers() {
    add_read_handler("ethernet", [this](Element*) { return addr_.str() + "\n"; });
    add_write_handler("ethernet", [this](const std::string& v, Element*, ErrorHandler* errh) {
        EtherAddress a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("ethernet: " + why);
        addr_ = a;
        return 0;
    });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT(HostEtherFilter);

}  // namespace clickos
