/**
 * @element IPsecESPUnencap
 * @synopsis IPsecESPUnencap([KEYWORDS])
 * @category ipsec
 * @summary removes an IPsec ESP header and trailer (RFC 4303)
 * @ports 1 input / 1 or 2 outputs, agnostic on output 0, push on output 1
 *
 * Expects decrypted ESP packets whose integrity check value was already verified and
 * removed (IPsecAuthHMACSHA1(1), then IPsecAES(0)): SPI, sequence number, a BLOCK_SIZE IV,
 * the payload, padding, the pad length and the next-header byte. Removes all but the
 * payload. When the next header is 4 (IPv4) and the payload starts with an IPv4 header,
 * the network header annotation is set on it.
 *
 * A packet is malformed when it is shorter than header, IV and trailer, when its encrypted
 * part is not a multiple of BLOCK_SIZE, when the pad length exceeds the data, or when the
 * padding is not the default 1, 2, 3, ... sequence (RFC 4303 2.4: a wrong key or a
 * corrupted packet shows here). With REPLAY_WINDOW N, sequence numbers are also checked
 * against a sliding window of the last N (RFC 4303 3.4.3): 0, duplicates and numbers older
 * than the window are refused. Refused packets go to output 1 if it exists and are dropped
 * otherwise.
 *
 * Differences from Click: Click's IPsecESPUnencap takes no arguments, has one output,
 * assumes 8-byte IVs, does not check the padding and has no anti-replay check.
 *
 * @arg BLOCK_SIZE unsigned: cipher block and IV size in bytes, a multiple of 4 up to 64 (default 16)
 * @arg REPLAY_WINDOW unsigned: anti-replay window size, 0 (off, the default) to 64
 * @handler drops read: packets refused as malformed or replayed
 * @handler replays read: packets refused by the anti-replay window
 * @see IPsecESPEncap, IPsecAES, IPsecAuthHMACSHA1, StripIPHeader
 */
#pragma once
#include "clickos/element.hh"

namespace clickos {

class IPsecESPUnencap : public SimpleElement<IPsecESPUnencap> {
  public:
    const char* class_name() const override { return "IPsecESPUnencap"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    void add_handlers() override;
    Packet* action(Packet* p);

  private:
    bool replay_ok(uint32_t seq);
    Packet* refuse(Packet* p);

    uint32_t block_ = 16;
    uint32_t window_ = 0;
    uint32_t last_seq_ = 0;
    uint64_t seen_ = 0;  // bit i: last_seq_ - i was received
    uint64_t drops_ = 0;
    uint64_t replays_ = 0;
};

}  // namespace clickos
