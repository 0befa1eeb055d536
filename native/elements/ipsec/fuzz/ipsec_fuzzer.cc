// libFuzzer target: arbitrary bytes as received ESP packets through verification,
// decryption and unencapsulation (with and without the integrity check in front, so
// malformed padding and lengths reach IPsecESPUnencap), and as plaintext through the whole
// sending chain and back, which must return exactly the input.
//
// Input: the first byte is control (bit 0: the packet also goes through the round trip);
// the rest is the packet.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "clickos/element_class.hh"
#include "clickos/router.hh"
#include "testing/fuzz_harness.hh"

namespace clickos {

// Remembers the last packet it saw (the round trip's result).
class FuzzLast : public Element {
  public:
    const char* class_name() const override { return "FuzzLast"; }
    const char* port_count() const override { return "1/0"; }
    const char* processing() const override { return "h/h"; }
    void push(int, Packet* p) override {
        last.assign(reinterpret_cast<const char*>(p->data()), p->length());
        ++count;
        p->kill();
    }
    std::string last;
    uint64_t count = 0;
};

CLICKOS_ELEMENT(FuzzLast);

}  // namespace clickos

namespace {

using namespace clickos;
using fuzzing::FuzzInject;

const char* const config = R"(
rx :: FuzzInject -> split :: Tee(2);
split[0] -> v :: IPsecAuthHMACSHA1(1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b)
  -> IPsecAES(0, 000102030405060708090a0b0c0d0e0f) -> u1 :: IPsecESPUnencap(REPLAY_WINDOW 64) -> Discard;
v[1] -> Discard; u1[1] -> Discard;
split[1] -> IPsecAES(0, 000102030405060708090a0b0c0d0e0f0001020304050607)
  -> u2 :: IPsecESPUnencap(BLOCK_SIZE 8) -> Discard;
u2[1] -> Discard;

tx :: FuzzInject -> IPsecESPEncap(99) -> IPsecAES(1, 000102030405060708090a0b0c0d0e0f)
  -> IPsecAuthHMACSHA1(0, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b)
  -> back :: IPsecAuthHMACSHA1(1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b)
  -> IPsecAES(0, 000102030405060708090a0b0c0d0e0f) -> u3 :: IPsecESPUnencap -> result :: FuzzLast;
back[1] -> Discard; u3[1] -> Discard;
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1 || size > 4096) return 0;
    static fuzzing::FuzzGraph graph(config, "ipsec_fuzzer");
    static FuzzInject *rx = graph.find("rx"), *tx = graph.find("tx");
    static FuzzLast* result = graph.find<FuzzLast>("result");
    if (Packet* p = Packet::make(data + 1, uint32_t(size - 1))) rx->send(p);
    if (data[0] & 1) {
        uint64_t before = result->count;
        if (Packet* p = Packet::make(data + 1, uint32_t(size - 1))) tx->send(p);
        if (result->count != before + 1 || result->last.size() != size - 1 ||
            std::memcmp(result->last.data(), data + 1, size - 1) != 0) {
            std::fprintf(stderr, "IPsec round trip changed the packet\n");
            std::abort();
        }
    }
    return 0;
}
