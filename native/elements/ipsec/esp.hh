// The ESP packet layout (RFC 4303) shared by the IPsec elements:
//   SPI (4) | sequence number (4) | IV | payload | padding | pad length (1) | next header (1) | ICV
// and the key argument type they read.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace clickos {

namespace esp {
constexpr uint32_t header_length = 8;        // SPI and sequence number
constexpr uint32_t icv_length = 12;          // HMAC-SHA1-96 (RFC 2404)
constexpr uint32_t default_block_size = 16;  // AES-CBC: 16-byte blocks and IV (RFC 3602)
}  // namespace esp

// A secret key: hex digits ("06a92140...", "0x06a9...", spaces allowed) or a quoted string,
// whose Click escapes give any bytes ("\<06a9 2140 ...>").
struct IPsecKey {
    std::string bytes;
};
bool parse_value(std::string_view s, IPsecKey& key, std::string& why);

}  // namespace clickos
