#include "ipoutputcombo.hh"

#include "clickos/addresses.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int IPOutputCombo::configure(Args& args) {
    IPAddress addr;
    if (args.read_mp("COLOR", color_).read_mp("IPADDR", addr).read_mp("MTU", mtu_).complete() < 0) return -1;
    // The address is valid now, so the stages accept it; their errors would be internal.
    std::string a = addr.str();
    Args gw({a}, &options_, args.errh()), fix({a}, &fix_src_, args.errh()), dec({}, &dec_ttl_, args.errh());
    if (options_.configure(gw) < 0 || fix_src_.configure(fix) < 0 || dec_ttl_.configure(dec) < 0) return -1;
    return 0;
}

void IPOutputCombo::push(int, Packet* p) {
    PacketType t = p->packet_type_anno();
    if (t == PacketType::Broadcast || t == PacketType::Multicast) {  // DropBroadcasts
        p->kill();
        return;
    }
    if (p->paint_anno() == color_)  // PaintTee: the copy goes out first
        if (Packet* c = p->clone()) output(1).push(c);
    bool good = options_.process(p);
    if (!p) return;
    if (!good) return output(2).push(p);
    if (!(p = fix_src_.action(p))) return;
    good = dec_ttl_.process(p);
    if (!p) return;
    if (!good) return output(3).push(p);
    if (p->length() > mtu_) return output(4).push(p);  // CheckLength
    output(0).push(p);
}

void IPOutputCombo::add_handlers() {
    add_read_handler("color", [this](Element*) { return std::to_string(color_) + "\n"; });
    add_write_handler("color", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint8_t c;
        std::string why;
        if (!parse_value(v, c, why)) return errh->error("color: " + why);
        color_ = c;
        return 0;
    });
    add_read_handler("mtu", [this](Element*) { return std::to_string(mtu_) + "\n"; });
    add_write_handler("mtu", [this](const std::string& v, Element*, ErrorHandler* errh) {
        uint32_t m;
        std::string why;
        if (!parse_value(v, m, why)) return errh->error("mtu: " + why);
        mtu_ = m;
        return 0;
    });
}

CLICKOS_ELEMENT(IPOutputCombo);

}  // namespace clickos
