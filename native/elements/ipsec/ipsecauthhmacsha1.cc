#include "ipsecauthhmacsha1.hh"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "clickos/args.hh"
#include "clickos/element_class.hh"
#include "clickos/platform.hh"

namespace clickos {

IPsecAuthHMACSHA1::~IPsecAuthHMACSHA1() {
    cleanup(CleanupStage::Failed);
}

int IPsecAuthHMACSHA1::configure(Args& args) {
    return args.read_mp("VERIFY", verify_).read_mp("KEY", key_).complete();
}

int IPsecAuthHMACSHA1::initialize(ErrorHandler* errh) {
    char digest_name[] = "SHA1";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                           OSSL_PARAM_construct_end()};
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ctx_ = mac_ ? EVP_MAC_CTX_new(mac_) : nullptr;
    if (!ctx_ ||
        EVP_MAC_init(ctx_, reinterpret_cast<const uint8_t*>(key_.bytes.data()), key_.bytes.size(), params) != 1) {
        errh->error(declaration() + ": cannot set up HMAC-SHA1");
        return -1;
    }
    return 0;
}

void IPsecAuthHMACSHA1::cleanup(CleanupStage) {
    if (ctx_) EVP_MAC_CTX_free(ctx_);
    if (mac_) EVP_MAC_free(mac_);
    ctx_ = nullptr;
    mac_ = nullptr;
}

bool IPsecAuthHMACSHA1::digest(const uint8_t* data, size_t n, uint8_t* out20) {
    size_t len = 0;
    // A null key restarts the MAC with the key already set up (no key schedule per packet).
    return EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1 && EVP_MAC_update(ctx_, data, n) == 1 &&
           EVP_MAC_final(ctx_, out20, &len, 20) == 1 && len == 20;
}

Packet* IPsecAuthHMACSHA1::reject(Packet* p) {
    if (drops_++ == 0) platform::write_stderr(declaration() + ": invalid HMAC-SHA1-96 integrity check value\n");
    checked_output_push(1, p);
    return nullptr;
}

Packet* IPsecAuthHMACSHA1::action(Packet* p) {
    uint8_t mac[20];
    if (!verify_) {
        uint32_t n = p->length();
        if (!digest(p->data(), n, mac)) return reject(p);
        if (!(p = p->put(esp::icv_length))) return nullptr;
        std::memcpy(p->mutable_data() + n, mac, esp::icv_length);
        return p;
    }
    if (p->length() < esp::header_length + esp::icv_length) return reject(p);
    uint32_t n = p->length() - esp::icv_length;
    if (!digest(p->data(), n, mac) || CRYPTO_memcmp(mac, p->data() + n, esp::icv_length) != 0) return reject(p);
    p->take(esp::icv_length);
    return p;
}

void IPsecAuthHMACSHA1::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT_LIBRARY(IPsecAuthHMACSHA1, "crypto");

}  // namespace clickos
