#include "ipencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

namespace {

// ECT: a boolean (true means ECT(1), code point 1) or the number 2 (ECT(0)).
struct ECTArg {
    uint8_t value = 0;
};

bool parse_value(std::string_view s, ECTArg& v, std::string& why) {
    bool b;
    std::string ignored;
    if (clickos::parse_value(s, b, ignored)) {
        v.value = b ? 1 : 0;
        return true;
    }
    uint8_t n;
    if (clickos::parse_value(s, n, ignored) && n == 2) {
        v.value = 2;
        return true;
    }
    why = "expected boolean or 2";
    return false;
}

struct DSCPArg {
    uint8_t value = 0;
};

bool parse_value(std::string_view s, DSCPArg& v, std::string& why) {
    uint8_t n;
    if (clickos::parse_value(s, n, why) && n <= 63) {
        v.value = n;
        return true;
    }
    why = "expected integer 0 to 63";
    return false;
}

}  // namespace

int IPEncap::configure(Args& args) {
    IPProtocolArg proto;
    uint8_t tos = 0;
    DSCPArg dscp;
    ECTArg ect;
    bool ce = false;
    if (args.read_mp("PROTO", proto)
            .read_mp("SRC", src_)
            .read_mp("DST", dst_)
            .read("TTL", ttl_)
            .read("TOS", tos)
            .read("DSCP", dscp)
            .read("ECT", ect)
            .read("CE", ce)
            .read("DF", df_)
            .complete() < 0)
        return -1;
    if (args.given("TOS") && (args.given("DSCP") || args.given("ECT") || args.given("CE")))
        return args.error("TOS cannot be combined with DSCP, ECT or CE");
    if (ect.value && ce) return args.error("ECT and CE cannot both be set");
    proto_ = proto.value;
    tos_ = args.given("TOS") ? tos : uint8_t(dscp.value << 2 | ect.value | (ce ? 3 : 0));
    build();
    return 0;
}

int IPEncap::initialize(ErrorHandler*) {
    id_ = 0;
    return 0;
}

void IPEncap::build() {
    click_ip h{};
    h.vhl = 0x45;
    h.tos = tos_;
    h.off = htons(df_ ? IP_DF : 0);
    h.ttl = ttl_;
    h.p = proto_;
    h.src = src_.addr;
    h.dst = dst_.addr.addr;
    std::memcpy(header_, &h, sizeof h);
}

Packet* IPEncap::action(Packet* p) {
    if (p->length() > 65535 - sizeof(click_ip)) {
        p->kill();
        return nullptr;
    }
    if (!(p = p->push(sizeof(click_ip)))) return nullptr;
    uint8_t* h = p->mutable_data();
    std::memcpy(h, header_, sizeof header_);
    store_be16(h + 2, uint16_t(p->length()));
    store_be16(h + 4, id_++);
    if (dst_.use_anno)
        std::memcpy(h + 16, p->anno() + anno::dst_ip, 4);
    else
        p->set_dst_ip_anno(dst_.addr.addr);
    uint16_t sum = internet_checksum(h, sizeof(click_ip));
    std::memcpy(h + 10, &sum, 2);
    p->set_network_header(h, sizeof(click_ip));
    return p;
}

void IPEncap::add_handlers() {
    add_read_handler("src", [this](Element*) { return src_.str() + "\n"; });
    add_write_handler("src", [this](const std::string& v, Element*, ErrorHandler* errh) {
        IPAddress a;
        std::string why;
        if (!parse_value(v, a, why)) return errh->error("src: " + why);
        src_ = a;
        build();
        return 0;
    });
    add_read_handler("dst", [this](Element*) { return dst_.str() + "\n"; });
    add_write_handler("dst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        AddressOrAnnoArg d;
        std::string why;
        if (!parse_value(v, d, why)) return errh->error("dst: " + why);
        dst_ = d;
        build();
        return 0;
    });
}

CLICKOS_ELEMENT(IPEncap);

}  // namespace clickos
