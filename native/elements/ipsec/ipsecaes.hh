/**
 * @element IPsecAES
 * @synopsis IPsecAES(ENCRYPT, KEY [, IGNORE])
 * @category ipsec
 * @summary encrypts or decrypts ESP packets with AES-CBC (RFC 3602)
 * @ports 1 input / 1 output, agnostic
 *
 * Expects ESP packets as IPsecESPEncap makes them: SPI, sequence number, a 16-byte IV, then
 * the data to protect. If ENCRYPT is true (1), encrypts the data after the IV in place
 * with AES in CBC mode using that IV; if false (0), decrypts it. The last IGNORE bytes are
 * left alone. The key's length picks AES-128, AES-192 or AES-256. Encryption and decryption
 * use OpenSSL's libcrypto.
 *
 * Packets shorter than the ESP header and IV, or whose data to process is empty or not a
 * multiple of 16 bytes, are dropped and counted.
 *
 * Differences from Click: Click's IPsecAES takes its 128-bit key from a security
 * association annotation (set by RadixIPsecLookup, not provided here), uses an 8-byte IV,
 * and ignores the 12 ICV bytes by default; here the key is the KEY argument, the IV is the
 * 16 bytes RFC 3602 requires, and IGNORE defaults to 0, since in the usual chain
 * (IPsecAES(1) before IPsecAuthHMACSHA1(0), IPsecAuthHMACSHA1(1) before IPsecAES(0)) no ICV
 * is present when IPsecAES runs.
 *
 * @arg ENCRYPT boolean: encrypt (true or 1) or decrypt (false or 0)
 * @arg KEY key: the AES key, 16, 24 or 32 bytes, in hex ("06a92140...") or as a quoted string ("\<06a9 2140 ...>")
 * @arg IGNORE unsigned: bytes at the end of the packet left as they are (default 0)
 * @handler drops read: packets dropped as too short or not block-aligned
 * @see IPsecESPEncap, IPsecESPUnencap, IPsecAuthHMACSHA1
 */
#pragma once
#include "clickos/element.hh"
#include "esp.hh"

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace clickos {

class IPsecAES : public SimpleElement<IPsecAES> {
  public:
    ~IPsecAES() override;
    const char* class_name() const override { return "IPsecAES"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    Packet* action(Packet* p);

  private:
    bool encrypt_ = false;
    IPsecKey key_;
    uint32_t ignore_ = 0;
    EVP_CIPHER_CTX* ctx_ = nullptr;
    uint64_t drops_ = 0;
};

}  // namespace clickos
