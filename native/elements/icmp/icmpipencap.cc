#include "icmp/icmpipencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_args.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {
uint32_t icmp_header_length(uint8_t type) {
    if (type == ICMP_TSTAMP || type == ICMP_TSTAMPREPLY) return 20;
    if (type == 17 || type == 18) return 12;  // address mask request and reply
    return 8;
}
bool has_sequence(uint8_t type) {
    return type == ICMP_ECHO || type == ICMP_ECHOREPLY || type == ICMP_TSTAMP || type == ICMP_TSTAMPREPLY ||
           type == 15 || type == 16;  // information request and reply
}
}  // namespace

int ICMPIPEncap::configure(Args& args) {
    ICMPTypeArg type;
    Word code{"0"};
    if (args.read_mp("SRC", src_)
            .read_mp("DST", dst_)
            .read_mp("TYPE", type)
            .read_p("CODE", code)
            .read("IDENTIFIER", identifier_)
            .complete() < 0)
        return -1;
    if (!parse_icmp_code(type.value, code.text, code_))
        return args.error("CODE: expected ICMP code for type " + std::to_string(type.value) + ", found '" + code.text +
                          "'");
    type_ = type.value;
    icmp_len_ = icmp_header_length(type_);
    sequenced_ = has_sequence(type_);
    return 0;
}

Packet* ICMPIPEncap::action(Packet* p) {
    uint32_t headers = sizeof(click_ip) + icmp_len_;
    if (p->length() + headers > 0xffff) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->push(headers))) return nullptr;
    uint8_t* ip = p->mutable_data();
    std::memset(ip, 0, headers);
    ip[0] = 0x45;
    store_be16(ip + 2, uint16_t(p->length()));
    store_be16(ip + 4, id_);
    ip[8] = 255;
    ip[9] = IP_PROTO_ICMP;
    std::memcpy(ip + 12, &src_.addr, 4);
    std::memcpy(ip + 16, &dst_.addr, 4);
    uint16_t sum = internet_checksum(ip, sizeof(click_ip));
    std::memcpy(ip + 10, &sum, 2);
    uint8_t* icmp = ip + sizeof(click_ip);
    icmp[0] = type_;
    icmp[1] = code_;
    if (sequenced_) {
        store_be16(icmp + 4, identifier_);
        store_be16(icmp + 6, id_);
    }
    sum = internet_checksum(icmp, p->length() - sizeof(click_ip));
    std::memcpy(icmp + 2, &sum, 2);
    p->set_network_header(ip, sizeof(click_ip));
    p->set_dst_ip_anno(dst_.addr);
    id_ = id_ == 0xffff ? 1 : uint16_t(id_ + 1);
    return p;
}

void ICMPIPEncap::add_handlers() {
    auto address = [this](IPAddress& field, const char* name) {
        add_read_handler(name, [&field](Element*) { return field.str() + "\n"; });
        add_write_handler(name, [&field, name](const std::string& v, Element*, ErrorHandler* errh) {
            IPAddress a;
            std::string why;
            if (!parse_value(v, a, why)) return errh->error(std::string(name) + ": " + why);
            field = a;
            return 0;
        });
    };
    address(src_, "src");
    address(dst_, "dst");
}

CLICKOS_ELEMENT(ICMPIPEncap);

}  // namespace clickos
