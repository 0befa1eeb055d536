#include "etherrewrite.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int EtherRewrite::configure(Args& args) {
    if (args.read_mp("SRC", src_).read_mp("DST", dst_).complete() < 0) return -1;
    build();
    return 0;
}

void EtherRewrite::build() {
    std::memcpy(addrs_, dst_.bytes, 6);
    std::memcpy(addrs_ + 6, src_.bytes, 6);
}

void EtherRewrite::add_handlers() {
    auto address = [this](const char* name, EtherAddress& field) {
        add_read_handler(name, [&field](Element*) { return field.str() + "\n"; });
        add_write_handler(name, [this, &field, name](const std::string& v, Element*, ErrorHandler* errh) {
            EtherAddress a;
            std::string why;
            if (!parse_value(v, a, why)) return errh->error(std::string(name) + ": " + why);
            field = a;
            build();
            return 0;
        });
    };
    address("src", src_);
    address("dst", dst_);
}

CLICKOS_ELEMENT(EtherRewrite);

}  // namespace clickos
