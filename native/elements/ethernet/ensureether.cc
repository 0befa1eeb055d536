#include "ensureether.hh"

#include <cstring>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr uint32_t kEtherLength = sizeof(click_ether);

bool is_ip_ethertype(const uint8_t* type) {
    return type[0] == (ETHERTYPE_IP >> 8) && type[1] == (ETHERTYPE_IP & 0xff);
}
}  // namespace

int EnsureEther::configure(Args& args) {
    uint16_t type = ETHERTYPE_IP;
    EtherAddress src, dst;
    if (args.read_p("ETHERTYPE", type).read_p("SRC", src).read_p("DST", dst).complete() < 0) return -1;
    std::memcpy(header_, dst.bytes, 6);
    std::memcpy(header_ + 6, src.bytes, 6);
    header_[12] = uint8_t(type >> 8);
    header_[13] = uint8_t(type);
    return 0;
}

Packet* EnsureEther::action(Packet* p) {
    if (!p->has_network_header()) return p;
    // The IPv4 header must lie inside the data: annotations may point anywhere in the buffer.
    int net = p->network_header_offset();
    if (net < 0 || uint32_t(net) >= p->length() || (p->network_header()[0] >> 4) != 4) return p;
    if (uint32_t(net) >= kEtherLength && is_ip_ethertype(p->network_header() - 2)) return p;
    uint8_t header[kEtherLength];
    // A header stripped off earlier (its MAC header annotation ends where the data starts)
    // is still in the headroom: reuse it. The annotation, not the bytes alone, says so, as a
    // recycled buffer's headroom holds stale bytes.
    if (p->has_mac_header() && p->mac_header_offset() == -int(kEtherLength) && p->headroom() >= kEtherLength &&
        is_ip_ethertype(p->data() - 2))
        std::memcpy(header, p->data() - kEtherLength, kEtherLength);
    else
        std::memcpy(header, header_, kEtherLength);
    if (!(p = p->push(kEtherLength))) return nullptr;
    std::memcpy(p->mutable_data(), header, kEtherLength);
    p->set_mac_header(p->data());
    return p;
}

CLICKOS_ELEMENT(EnsureEther);

}  // namespace clickos
