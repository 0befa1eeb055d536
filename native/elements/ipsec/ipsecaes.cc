#include "ipsecaes.hh"

#include <openssl/evp.h>

#include "clickos/args.hh"
#include "clickos/element_class.hh"

namespace clickos {

namespace {
constexpr uint32_t aes_block = 16;
}

IPsecAES::~IPsecAES() {
    cleanup(CleanupStage::Failed);
}

int IPsecAES::configure(Args& args) {
    if (args.read_mp("ENCRYPT", encrypt_).read_mp("KEY", key_).read_p("IGNORE", ignore_).complete() < 0) return -1;
    size_t n = key_.bytes.size();
    if (n != 16 && n != 24 && n != 32)
        return args.error("KEY must be 16, 24 or 32 bytes (AES-128, -192, -256), not " + std::to_string(n));
    return 0;
}

int IPsecAES::initialize(ErrorHandler* errh) {
    const EVP_CIPHER* cipher = key_.bytes.size() == 16   ? EVP_aes_128_cbc()
                               : key_.bytes.size() == 24 ? EVP_aes_192_cbc()
                                                         : EVP_aes_256_cbc();
    ctx_ = EVP_CIPHER_CTX_new();
    if (!ctx_ || EVP_CipherInit_ex(ctx_, cipher, nullptr, reinterpret_cast<const uint8_t*>(key_.bytes.data()), nullptr,
                                   encrypt_ ? 1 : 0) != 1) {
        errh->error(declaration() + ": cannot set up AES-CBC");
        return -1;
    }
    EVP_CIPHER_CTX_set_padding(ctx_, 0);
    return 0;
}

void IPsecAES::cleanup(CleanupStage) {
    if (ctx_) EVP_CIPHER_CTX_free(ctx_);
    ctx_ = nullptr;
}

Packet* IPsecAES::action(Packet* p) {
    uint32_t start = esp::header_length + aes_block;
    if (p->length() < start + ignore_ || (p->length() - start - ignore_) % aes_block ||
        p->length() - start - ignore_ == 0) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    if (!(p = p->uniqueify())) return nullptr;
    uint8_t* d = p->mutable_data();
    int n = int(p->length() - start - ignore_), out = 0;
    // Only the IV changes between packets: the key schedule stays in the context.
    if (EVP_CipherInit_ex(ctx_, nullptr, nullptr, nullptr, d + esp::header_length, -1) != 1 ||
        EVP_CipherUpdate(ctx_, d + start, &out, d + start, n) != 1 || out != n) {
        ++drops_;
        p->kill();
        return nullptr;
    }
    return p;
}

void IPsecAES::add_handlers() {
    add_read_handler("drops", [this](Element*) { return std::to_string(drops_) + "\n"; });
}

CLICKOS_ELEMENT_LIBRARY(IPsecAES, "crypto");

}  // namespace clickos
