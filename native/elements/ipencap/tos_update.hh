// Rewriting the TOS byte of an IPv4 header in place with an incremental checksum update
// (RFC 1624): the checksum covers the 16-bit word holding version/length and TOS.
#pragma once
#include <cstdint>
#include <cstring>

#include "clickos/ip.hh"

namespace clickos {

inline void rewrite_tos(uint8_t* ip, uint8_t tos) {
    uint16_t old_word, new_word, sum;
    std::memcpy(&old_word, ip, 2);
    ip[1] = tos;
    std::memcpy(&new_word, ip, 2);
    std::memcpy(&sum, ip + 10, 2);
    sum = checksum_adjust(sum, old_word, new_word);
    std::memcpy(ip + 10, &sum, 2);
}

}  // namespace clickos
