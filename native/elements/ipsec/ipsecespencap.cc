#include "ipsecespencap.hh"

#include <openssl/rand.h>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "esp.hh"
#include "ipencap/ip_header.hh"

namespace clickos {

int IPsecESPEncap::configure(Args& args) {
    if (args.read_mp("SPI", spi_).read("BLOCK_SIZE", block_).read("NEXT_HEADER", next_header_).complete() < 0)
        return -1;
    if (spi_ == 0) return args.error("SPI 0 is reserved (RFC 4303)");
    if (block_ < 4 || block_ > 64 || block_ % 4) return args.error("BLOCK_SIZE must be a multiple of 4 from 4 to 64");
    return 0;
}

bool IPsecESPEncap::take_iv(uint8_t* out) {
    if (random_used_ + block_ > random_.size()) {
        if (RAND_bytes(random_.data(), int(random_.size())) != 1) return false;
        random_used_ = 0;
    }
    std::memcpy(out, random_.data() + random_used_, block_);
    random_used_ += block_;
    return true;
}

Packet* IPsecESPEncap::action(Packet* p) {
    uint32_t plen = p->length();
    uint32_t pad = (block_ - (plen + 2) % block_) % block_;
    uint32_t front = esp::header_length + block_;
    if (seq_ == UINT32_MAX || uint64_t(plen) + front + pad + 2 > 0xffff) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if (!(p = p->push(front))) {
        ++drops_;
        return nullptr;
    }
    if (!(p = p->put(pad + 2))) {
        ++drops_;
        return nullptr;
    }
    uint8_t* d = p->mutable_data();
    if (!take_iv(d + esp::header_length)) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    store_be32(d, spi_);
    store_be32(d + 4, ++seq_);
    uint8_t* trailer = d + front + plen;
    for (uint32_t i = 0; i < pad; ++i) trailer[i] = uint8_t(i + 1);
    trailer[pad] = uint8_t(pad);
    trailer[pad + 1] = next_header_;
    return p;
}

void IPsecESPEncap::take_state(Element* old, ErrorHandler*) {
    // A replaced configuration must not reuse sequence numbers of the same SA.
    if (auto* o = dynamic_cast<IPsecESPEncap*>(old); o && o->spi_ == spi_) seq_ = o->seq_;
}

void IPsecESPEncap::add_handlers() {
    add_read_handler("sequence", [this](Element*) { return std::to_string(seq_) + "\n"; });
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT_LIBRARY(IPsecESPEncap, "crypto");

}  // namespace clickos
