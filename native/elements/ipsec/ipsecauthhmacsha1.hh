/**
 * @element IPsecAuthHMACSHA1
 * @synopsis IPsecAuthHMACSHA1(VERIFY, KEY)
 * @category ipsec
 * @summary computes or verifies the HMAC-SHA1-96 integrity check of ESP packets (RFC 2404)
 * @ports 1 input / 1 or 2 outputs, agnostic on output 0, push on output 1
 *
 * If VERIFY is false (0), computes HMAC-SHA1 (RFC 2104) with KEY over the whole packet and
 * appends its first 96 bits (12 bytes) as the ESP integrity check value (RFC 2404,
 * RFC 4303). If VERIFY is true (1), recomputes it over all but the packet's last 12 bytes
 * and compares, in constant time, with those bytes: a match removes them and sends the
 * packet on; a mismatch (a tampered or misrouted packet) or a packet shorter than an ESP
 * header and ICV goes to output 1 if it exists and is dropped otherwise, and is counted.
 * The first failure prints a message. HMAC comes from OpenSSL's libcrypto.
 *
 * Differences from Click: Click takes a 16-byte authentication key from a security
 * association annotation (set by RadixIPsecLookup, not provided here); here the key is the
 * KEY argument, of any length (RFC 2404 uses 20 bytes).
 *
 * @arg VERIFY boolean: verify and remove the ICV (true or 1) or compute and append it (false or 0)
 * @arg KEY key: the authentication key, in hex ("0b0b0b...") or as a quoted string ("\<0b0b ...>")
 * @handler drops read: packets that failed verification or were too short
 * @see IPsecESPEncap, IPsecESPUnencap, IPsecAES
 */
#pragma once
#include "clickos/element.hh"
#include "esp.hh"

typedef struct evp_mac_st EVP_MAC;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace clickos {

class IPsecAuthHMACSHA1 : public SimpleElement<IPsecAuthHMACSHA1> {
  public:
    ~IPsecAuthHMACSHA1() override;
    const char* class_name() const override { return "IPsecAuthHMACSHA1"; }
    const char* port_count() const override { return "1/1-2"; }
    const char* processing() const override { return "a/ah"; }
    int configure(Args& args) override;
    int initialize(ErrorHandler* errh) override;
    void cleanup(CleanupStage) override;
    void add_handlers() override;
    Packet* action(Packet* p);

  private:
    bool digest(const uint8_t* data, size_t n, uint8_t* out20);
    Packet* reject(Packet* p);

    bool verify_ = false;
    IPsecKey key_;
    EVP_MAC* mac_ = nullptr;
    EVP_MAC_CTX* ctx_ = nullptr;
    uint64_t drops_ = 0;
};

}  // namespace clickos
