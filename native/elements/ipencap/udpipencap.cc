#include "udpipencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int UDPIPEncap::configure(Args& args) {
    return args.read_mp("SRC", src_)
        .read_mp("SPORT", sport_)
        .read_mp("DST", dst_)
        .read_mp("DPORT", dport_)
        .read_p("CHECKSUM", checksum_)
        .complete();
}

int UDPIPEncap::initialize(ErrorHandler*) {
    id_ = 0;
    return 0;
}

Packet* UDPIPEncap::action(Packet* p) {
    constexpr uint32_t headers = sizeof(click_ip) + sizeof(click_udp);
    if (p->length() > 65535 - headers) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->push(headers))) return nullptr;
    uint8_t* ip = p->mutable_data();
    uint8_t* udp = ip + sizeof(click_ip);
    uint32_t dst = dst_.use_anno ? p->dst_ip_anno() : dst_.addr.addr;
    if (!dst_.use_anno) p->set_dst_ip_anno(dst);

    ip[0] = 0x45;
    ip[1] = 0;
    store_be16(ip + 2, uint16_t(p->length()));
    store_be16(ip + 4, id_++);
    store_be16(ip + 6, 0);
    ip[8] = 250;
    ip[9] = IP_PROTO_UDP;
    store_be16(ip + 10, 0);
    std::memcpy(ip + 12, &src_.addr, 4);
    std::memcpy(ip + 16, &dst, 4);
    uint16_t sum = internet_checksum(ip, sizeof(click_ip));
    std::memcpy(ip + 10, &sum, 2);

    uint16_t udp_len = uint16_t(p->length() - sizeof(click_ip));
    store_be16(udp, sport_);
    store_be16(udp + 2, dport_);
    store_be16(udp + 4, udp_len);
    store_be16(udp + 6, 0);
    if (checksum_) {
        uint32_t partial = pseudo_header_sum(src_.addr, dst, IP_PROTO_UDP, udp_len);
        uint16_t csum = uint16_t(~checksum_partial(udp, udp_len, partial));
        if (csum == 0) csum = 0xffff;
        std::memcpy(udp + 6, &csum, 2);
    }
    p->set_network_header(ip, sizeof(click_ip));
    return p;
}

void UDPIPEncap::add_handlers() {
    add_read_handler("src", [this](Element*) { return src_.str() + "\n"; });
    add_write_handler("src", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("src: " + why);
        src_ = a;
        return 0;
    });
    add_read_handler("dst", [this](Element*) { return dst_.str() + "\n"; });
    add_write_handler("dst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        AddressOrAnnoArg d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("dst: " + why);
        dst_ = d;
        return 0;
    });
    auto port_handlers = [this](const char* name, uint16_t& port) {
        add_read_handler(name, [&port](Element*) { return std::to_string(port) + "\n"; });
        add_write_handler(name, [&port, name](const std::string& v, Element*, ErrorHandler* errh) {
            uint16_t x;
            std::string why;
            if (!parse_value(v, x, why)) return errh->error(std::string(name) + ": " + why);
            port = x;
            return 0;
        });
    };
    port_handlers("sport", sport_);
    port_handlers("dport", dport_);
}

CLICKOS_ELEMENT(UDPIPEncap);

}  // namespace clickos
