#include "setpackettype.hh"

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "packet_type_names.hh"

namespace clickos {

int SetPacketType::configure(Args& args) {
    return args.read_mp("TYPE", type_).complete();
}

void SetPacketType::add_handlers() {
    add_read_handler("type", [this](Element*) { return std::string(packet_type_name(type_)) + "\n"; });
    add_write_handler("type", [this](const std::string& v, Element*, ErrorHandler* errh) {
        std::string why;
        PacketType t;
        if (!parse_value(v, t, why)) return errh->error("type: " + why);
        type_ = t;
        return 0;
    });
}

CLICKOS_ELEMENT(SetPacketType);

}  // namespace clickos
