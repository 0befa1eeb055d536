// The GRE header (RFC 2784, with the key and sequence number extensions of RFC 2890):
//   flags and version (16 bits) | protocol type (16 bits)
//   [checksum (16) | reserved1 (16)]  if C
//   [key (32)]                        if K
//   [sequence number (32)]            if S
#pragma once
#include <cstdint>

namespace clickos::gre {

constexpr uint16_t flag_checksum = 0x8000;  // C: checksum present
constexpr uint16_t flag_routing = 0x4000;   // R: RFC 1701 routing, not supported
constexpr uint16_t flag_key = 0x2000;       // K: key present (RFC 2890)
constexpr uint16_t flag_seq = 0x1000;       // S: sequence number present (RFC 2890)
// Bits 1-5 other than K and S (RFC 1701's routing, strict source route and recursion
// control): a receiver that does not implement RFC 1701 discards packets using them.
constexpr uint16_t flags_unsupported = 0x4c00;
constexpr uint16_t version_mask = 0x0007;

constexpr uint32_t base_length = 4;

// The header length the flags announce.
constexpr uint32_t header_length(uint16_t flags) {
    return base_length + ((flags & flag_checksum) ? 4 : 0) + ((flags & flag_key) ? 4 : 0) +
           ((flags & flag_seq) ? 4 : 0);
}

}  // namespace clickos::gre
