/**
 * @element IPsecESPEncap
 * @synopsis IPsecESPEncap(SPI [, KEYWORDS])
 * @category ipsec
 * @summary adds an IPsec ESP header and trailer (RFC 4303)
 * @ports 1 input / 1 output, agnostic
 *
 * Wraps the whole packet as the payload of an ESP packet (tunnel mode): in front, the
 * 32-bit SPI, a 32-bit sequence number (1 for the first packet, then counting up) and a
 * random IV of BLOCK_SIZE bytes; behind, padding to a multiple of BLOCK_SIZE with the
 * default self-describing bytes 1, 2, 3, ..., the pad length and the next-header byte.
 * The result is ready for IPsecAES(1), which encrypts everything after the IV in place,
 * then IPsecAuthHMACSHA1(0), which appends the ICV, then an outer IP header
 * (IPEncap(50, SRC, DST)).
 *
 * Sequence numbers never wrap (RFC 4303 3.3.3): once 2^32-1 packets have been sent, further
 * packets are dropped, since the SA must be replaced. IVs come from OpenSSL's RAND_bytes,
 * taken 4096 bytes at a time.
 *
 * Differences from Click: Click pads to 8-byte blocks with an 8-byte IV (for DES) and sets
 * the next header to the inner packet's IP protocol; here the block and IV size default to
 * AES's 16 bytes, as RFC 3602 requires, and the next header is NEXT_HEADER (4, an IPv4
 * packet, by default), as tunnel mode requires. SPI comes from the configuration, as
 * Click's documentation says (Click's RadixIPsecLookup security association table is not
 * provided).
 *
 * @arg SPI unsigned: the security parameters index, 1 or more (0 is reserved)
 * @arg BLOCK_SIZE unsigned: cipher block and IV size in bytes, a multiple of 4 up to 64 (default 16)
 * @arg NEXT_HEADER byte: the next-header value, the payload's protocol (default 4, IPv4)
 * @handler sequence read: sequence number of the last packet sent
 * @handler drops read: packets dropped (sequence numbers exhausted, no random IV, no memory)
 * @see IPsecESPUnencap, IPsecAES, IPsecAuthHMACSHA1, IPEncap
 */
#pragma once
#include <array>

#include "clickos/element.hh"

namespace clickos {

class IPsecESPEncap : public SimpleElement<IPsecESPEncap> {
  public:
    const char* class_name() const override { return "IPsecESPEncap"; }
    int configure(Args& args) override;
    void add_handlers() override;
    void take_state(Element* old, ErrorHandler*) override;
    Packet* action(Packet* p);

  private:
    bool take_iv(uint8_t* out);

    uint32_t spi_ = 0;
    uint32_t block_ = 16;
    uint8_t next_header_ = 4;
    uint32_t seq_ = 0;
    uint64_t drops_ = 0;
    std::array<uint8_t, 4096> random_{};
    size_t random_used_ = sizeof(random_);
};

}  // namespace clickos
