#include "setrandipaddress.hh"

#include "clickos/addresses.hh"
#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

int SetRandIPAddress::configure(Args& args) {
    IPPrefix prefix;
    if (args.read_mp("PREFIX", prefix).read_p("MAX", max_).complete() < 0) return -1;
    if (args.given("MAX") && (max_ < 1 || max_ > (1u << 20))) return args.error("MAX must be from 1 to 1048576");
    mask_ = prefix.mask.addr;
    addr_ = prefix.addr.addr & mask_;
    return 0;
}

int SetRandIPAddress::initialize(ErrorHandler*) {
    pool_.clear();
    pool_.reserve(max_);
    for (uint32_t i = 0; i < max_; ++i) pool_.push_back(draw());
    return 0;
}

CLICKOS_ELEMENT(SetRandIPAddress);

}  // namespace clickos
