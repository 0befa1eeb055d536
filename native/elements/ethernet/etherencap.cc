#include "etherencap.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int EtherEncap::configure(Args& args) {
    if (args.read_mp("ETHERTYPE", ethertype_).read_mp("SRC", src_).read_mp("DST", dst_).complete() < 0) return -1;
    build();
    return 0;
}

void EtherEncap::build() {
    std::memcpy(header_, dst_.bytes, 6);
    std::memcpy(header_ + 6, src_.bytes, 6);
    header_[12] = uint8_t(ethertype_ >> 8);
    header_[13] = uint8_t(ethertype_);
}

void EtherEncap::add_handlers() {
    add_read_handler("ethertype", [this](Element*) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%04x\n", ethertype_);
        return std::string(buf);
    });
    add_write_handler("ethertype", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, ethertype_, why)) return errh->error("ethertype: " + why);
        build();
        return 0;
    });
    add_read_handler("src", [this](Element*) { return src_.str() + "\n"; });
    add_write_handler("src", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, src_, why)) return errh->error("src: " + why);
        build();
        return 0;
    });
    add_read_handler("dst", [this](Element*) { return dst_.str() + "\n"; });
    add_write_handler("dst", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        if (!parse_value(v, dst_, why)) return errh->error("dst: " + why);
        build();
        return 0;
    });
}

CLICKOS_ELEMENT(EtherEncap);

}  // namespace clickos
