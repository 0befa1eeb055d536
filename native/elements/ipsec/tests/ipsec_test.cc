// IPsec elements against published known answers: HMAC-SHA1 from RFC 2202 (truncated to 96
// bits as RFC 2404 says), AES-CBC from RFC 3602 section 4 (cases 1-3 as bare blocks, cases
// 5-8 as whole ESP packets). The ESP plaintexts (padding 1, 2, 3, ..., pad length, next
// header) are laid out by the test from RFC 4303, not by the elements.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace std::string_literals;

namespace {

std::string repeat(char c, size_t n) {
    return std::string(n, c);
}

// RFC 4303 trailer for `payload` with 16-byte blocks, the ESP header and IV in front.
std::string esp_plain(const std::string& spi_seq_hex, const std::string& iv_hex, const std::string& payload,
                      unsigned next_header) {
    size_t pad = (16 - (payload.size() + 2) % 16) % 16;
    std::string trailer;
    for (size_t i = 1; i <= pad; ++i) trailer += char(i);
    trailer += char(pad);
    trailer += char(next_header);
    return unhex(spi_seq_hex) + unhex(iv_hex) + payload + trailer;
}

std::vector<std::string> run(const std::string& chain, const std::vector<std::string>& packets,
                             std::vector<std::string>* rejected = nullptr) {
    std::string cfg = "in :: TestInject -> " + chain + " -> out :: TestCollect;";
    if (rejected) cfg += " last[1] -> bad :: TestCollect;";
    Built b = build(cfg);
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return {};
    for (const auto& p : packets) b.get<TestInject>("in")->send(p);
    if (rejected) *rejected = b.get<TestCollect>("bad")->data();
    return b.get<TestCollect>("out")->data();
}

// RFC 3602 section 4, cases 5-8 (key, SPI and sequence number, IV, payload, next header, ESP packet).
struct EspCase {
    const char *key, *spi_seq, *iv, *payload, *esp;
    unsigned next;
};
const EspCase rfc3602_esp[] = {
    {"90d382b410eeba7ad938c46cec1a82bf", "0000432100000001", "e96e8c08ab465763fd098d45dd3ff893",
     "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
     "3031323334353637",
     "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856"
     "a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6",
     1},
    {"90d382b410eeba7ad938c46cec1a82bf", "0000432100000008", "69d08df7d203329db093fc4924e5bd80",
     "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
     "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75",
     1},
    {"0123456789abcdef0123456789abcdef", "0000876500000002", "f4e765244f6407adf13dc1380f673f37",
     "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b"
     "1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
     "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8"
     "e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5a"
     "1"
     "00b842f1c22f0d",
     4},
    {"0123456789abcdef0123456789abcdef", "0000876500000005", "85d47224b5f3dd5d2101d4ea8dffab22",
     "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffff"
     "ffffffffffffffffffffffff",
     "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb5"
     "0f980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892",
     4},
};

}  // namespace

TEST(IPsecAuthHMACSHA1, RFC2202VectorsTruncatedTo96Bits) {
    struct {
        std::string key, data, mac96;
    } cases[] = {
        {repeat('\x0b', 20), "Hi There", "b617318655057264e28bc0b6"},
        {"Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5"},
        {repeat('\xaa', 20), repeat('\xdd', 50), "125d7342b9ac11cd91a39af4"},
        {repeat('\xaa', 80), "Test Using Larger Than Block-Size Key - Hash Key First", "aa4ae5e15272d00e95705637"},
    };
    for (const auto& c : cases) {
        std::string key = hex(c.key);
        auto got = run("last :: IPsecAuthHMACSHA1(0, " + key + ")", {c.data});
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(hex(got[0]), hex(c.data) + c.mac96);
        // Verification accepts it and strips the ICV (only packets of ESP size and up).
        std::string esp = "12345678" + c.data;
        std::vector<std::string> bad;
        auto signed_ = run("IPsecAuthHMACSHA1(0, " + key + ")", {esp});
        auto checked = run("last :: IPsecAuthHMACSHA1(1, " + key + ")", signed_, &bad);
        ASSERT_EQ(checked.size(), 1u);
        EXPECT_EQ(checked[0], esp);
        EXPECT_TRUE(bad.empty());
    }
}

TEST(IPsecAuthHMACSHA1, TamperedPacketsAreRejected) {
    std::string key = hex(repeat('\x0b', 20));
    std::string good = "SPI!SEQ!" + std::string("payload bytes") + unhex("0000000000000000000000000000");
    auto signed_ = run("IPsecAuthHMACSHA1(0, " + key + ")", {good});
    ASSERT_EQ(signed_.size(), 1u);
    std::vector<std::string> inputs;
    for (size_t i = 0; i < signed_[0].size(); i += 5) {
        std::string t = signed_[0];
        t[i] ^= 0x01;
        inputs.push_back(t);
    }
    inputs.push_back(signed_[0].substr(0, signed_[0].size() - 1));  // truncated ICV
    inputs.push_back("short");
    std::vector<std::string> bad;
    Built b = build("in :: TestInject -> last :: IPsecAuthHMACSHA1(VERIFY true, KEY " + key +
                    ") -> out :: TestCollect; last[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (const auto& p : inputs) b.get<TestInject>("in")->send(p);
    EXPECT_TRUE(b.get<TestCollect>("out")->data().empty());
    EXPECT_EQ(b.get<TestCollect>("bad")->data().size(), inputs.size());
    EXPECT_EQ(b.read("last.drops"), std::to_string(inputs.size()) + "\n");
    // The wrong key fails too; the right one passes.
    EXPECT_TRUE(run("last :: IPsecAuthHMACSHA1(1, " + hex(repeat('\x0c', 20)) + ")", signed_, &bad).empty());
    EXPECT_EQ(run("IPsecAuthHMACSHA1(1, " + key + ")", signed_).size(), 1u);
}

TEST(IPsecAES, RFC3602Cases1To3) {
    struct {
        const char *key, *iv;
        std::string plain;
        const char* cipher;
    } cases[] = {
        {"06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", "Single block msg",
         "e353779c1079aeb82708942dbe77181a"},
        {"c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
         unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
         "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"},
        {"6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
         "This is a 48-byte message (exactly 3 AES blocks)",
         "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684"},
    };
    for (const auto& c : cases) {
        std::string head = unhex("0000000100000001") + unhex(c.iv);
        auto enc = run("IPsecAES(1, " + std::string(c.key) + ")", {head + c.plain});
        ASSERT_EQ(enc.size(), 1u);
        EXPECT_EQ(hex(enc[0]), hex(head) + c.cipher);
        auto dec = run("IPsecAES(0, 0x" + std::string(c.key) + ")", enc);
        ASSERT_EQ(dec.size(), 1u);
        EXPECT_EQ(dec[0], head + c.plain);
    }
}

TEST(IPsecAES, RFC3602EspPackets) {
    for (const auto& c : rfc3602_esp) {
        std::string plain = esp_plain(c.spi_seq, c.iv, unhex(c.payload), c.next);
        auto enc = run("IPsecAES(ENCRYPT true, KEY " + std::string(c.key) + ")", {plain});
        ASSERT_EQ(enc.size(), 1u);
        EXPECT_EQ(hex(enc[0]), c.esp);
        // Decrypt then unencapsulate: the original payload.
        auto dec = run("IPsecAES(0, " + std::string(c.key) + ") -> IPsecESPUnencap", {unhex(c.esp)});
        ASSERT_EQ(dec.size(), 1u);
        EXPECT_EQ(hex(dec[0]), c.payload);
    }
}

TEST(IPsecESPEncap, LayoutMatchesRFC4303AndRFC3602Case7) {
    const EspCase& c = rfc3602_esp[2];
    std::string payload = unhex(c.payload);
    Built b = build("in :: TestInject -> e :: IPsecESPEncap(0x8765) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(payload);
    b.get<TestInject>("in")->send(payload);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(hex(got[0].substr(0, 8)), "0000876500000001");
    EXPECT_EQ(hex(got[1].substr(0, 8)), "0000876500000002");
    EXPECT_NE(got[0].substr(8, 16), got[1].substr(8, 16));  // fresh IVs
    // After the IV: exactly what RFC 3602's case 7 encrypts (its IV and sequence number 2).
    std::string expected_plain = esp_plain(c.spi_seq, c.iv, payload, 4);
    EXPECT_EQ(hex(got[1].substr(24)), hex(expected_plain.substr(24)));
    std::string with_rfc_iv = got[1].substr(0, 8) + unhex(c.iv) + got[1].substr(24);
    auto enc = run("IPsecAES(1, " + std::string(c.key) + ")", {with_rfc_iv});
    ASSERT_EQ(enc.size(), 1u);
    EXPECT_EQ(hex(enc[0]), c.esp);
    EXPECT_EQ(b.read("e.sequence"), "2\n");
}

TEST(IPsec, RoundTripOfManySizes) {
    std::string chain =
        "IPsecESPEncap(1000) -> IPsecAES(1, 000102030405060708090a0b0c0d0e0f) -> IPsecAuthHMACSHA1(0, "
        "\"\\<0b0b0b0b 0b0b0b0b 0b0b0b0b 0b0b0b0b 0b0b0b0b>\") -> mid :: Tee(1) -> IPsecAuthHMACSHA1(1, "
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b) -> IPsecAES(0, 000102030405060708090a0b0c0d0e0f) -> last :: "
        "IPsecESPUnencap(REPLAY_WINDOW 32)";
    std::vector<std::string> packets;
    for (size_t n = 0; n < 80; ++n) {
        std::string p;
        for (size_t i = 0; i < n; ++i) p += char(i * 7 + n);
        packets.push_back(p);
    }
    std::vector<std::string> bad;
    auto got = run(chain, packets, &bad);
    ASSERT_EQ(got.size(), packets.size());
    for (size_t i = 0; i < packets.size(); ++i) EXPECT_EQ(got[i], packets[i]) << "size " << i;
    EXPECT_TRUE(bad.empty());
}

TEST(IPsec, EncryptedPayloadIsNotPlaintext) {
    std::string secret = "attack at dawn, attack at dawn!!";
    auto got = run("IPsecESPEncap(7) -> IPsecAES(1, 000102030405060708090a0b0c0d0e0f)", {secret});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].find("attack"), std::string::npos);
    EXPECT_EQ((got[0].size() - 24) % 16, 0u);
}

TEST(IPsecESPUnencap, MalformedAndReplayedPacketsAreRefused) {
    std::string iv = repeat('\0', 16);
    auto esp = [&](unsigned seq, const std::string& body) {
        return unhex("00000001") + std::string{char(seq >> 24), char(seq >> 16), char(seq >> 8), char(seq)} + iv + body;
    };
    std::string good_body = std::string("0123456789ab") + "\x01\x02\x02\x04";  // 12 bytes, pad 1 2, len 2, next 4
    std::vector<std::string> inputs = {
        "",
        "short",
        esp(1, ""),                                                // no trailer
        esp(1, std::string(15, 'x') + "\x00\x04"),                 // 17 bytes: not a multiple of 16
        esp(1, std::string(14, 'x') + "\x20\x04"),                 // pad length beyond the data
        esp(1, std::string("0123456789ab") + "\x01\x03\x02\x04"),  // wrong padding bytes
        esp(0, good_body),                                         // sequence number 0
        esp(5, good_body),                                         // accepted
        esp(5, good_body),                                         // replayed
        esp(100, good_body),                                       // accepted, window moves
        esp(60, good_body),                                        // older than 32 behind
        esp(90, good_body),                                        // inside the window, new
    };
    std::vector<std::string> bad;
    Built b = build(
        "in :: TestInject -> last :: IPsecESPUnencap(REPLAY_WINDOW 32) -> out :: TestCollect; last[1] -> bad :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (const auto& p : inputs) b.get<TestInject>("in")->send(p);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 3u);
    for (const auto& g : got) EXPECT_EQ(g, "0123456789ab");
    EXPECT_EQ(b.get<TestCollect>("bad")->data().size(), inputs.size() - 3);
    EXPECT_EQ(b.read("last.replays"), "3\n");
}

TEST(IPsec, BadArguments) {
    auto has = [](const std::string& errors, const std::string& where, const std::string& what) {
        bool ok = errors.find(where) != std::string::npos && errors.find(what) != std::string::npos;
        if (!ok) ADD_FAILURE() << errors;
        return ok;
    };
    has(errors_of("i :: TestInject -> IPsecAES(1, 0011) -> TestCollect;"), "test.click:1:20: ", "16, 24 or 32 bytes");
    has(errors_of("i :: TestInject -> IPsecAES(1, 001) -> TestCollect;"), "test.click:1:32: ", "odd number");
    has(errors_of("i :: TestInject -> IPsecAES(1, nothex) -> TestCollect;"), "test.click:1:32: ", "hex digits");
    has(errors_of("i :: TestInject -> IPsecAES(maybe, 00112233445566778899aabbccddeeff) -> TestCollect;"),
        "test.click:1:29: ", "ENCRYPT");
    has(errors_of("i :: TestInject -> IPsecAuthHMACSHA1(0) -> TestCollect;"), "test.click:1:20: ", "KEY");
    has(errors_of("i :: TestInject -> IPsecESPEncap(0) -> TestCollect;"), "test.click:1:20: ", "SPI 0 is reserved");
    has(errors_of("i :: TestInject -> IPsecESPEncap(1, BLOCK_SIZE 6) -> TestCollect;"),
        "test.click:1:20: ", "BLOCK_SIZE");
    has(errors_of("i :: TestInject -> IPsecESPUnencap(REPLAY_WINDOW 65) -> TestCollect;"),
        "test.click:1:20: ", "REPLAY_WINDOW");
}

TEST(IPsec, TunnelBetweenTwoGateways) {
    // Gateway A: ESP tunnel mode in an outer IPv4 header (protocol 50); gateway B strips it,
    // verifies, decrypts and unwraps, and the inner packet comes out as it went in.
    std::string key_enc = "2b7e151628aed2a6abf7158809cf4f3c", key_auth = "0102030405060708090a0b0c0d0e0f1011121314";
    Built b = build("in :: TestInject -> IPsecESPEncap(0x1001) -> IPsecAES(1, " + key_enc +
                    ") -> IPsecAuthHMACSHA1(0, " + key_auth +
                    ") -> IPEncap(50, 10.0.0.1, 10.0.0.2) -> wire :: Tee(2); wire[1] -> onwire :: TestCollect;"
                    "wire[0] -> CheckIPHeader -> StripIPHeader -> auth :: IPsecAuthHMACSHA1(1, " +
                    key_auth + ") -> IPsecAES(0, " + key_enc +
                    ") -> un :: IPsecESPUnencap(REPLAY_WINDOW 64) -> CheckIPHeader -> out :: TestCollect;"
                    "auth[1] -> bad :: TestCollect; un[1] -> bad;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string inner = unhex("4500001c000100004011f9c0c0a80101c0a80202") + unhex("003500350008") + "\0\0"s;
    // The inner header checksum, by hand: RFC 1071 over the 20 bytes with the field zero.
    auto sum = [](const std::string& h) {
        unsigned long s = 0;
        for (size_t i = 0; i < h.size(); i += 2) s += (unsigned char)h[i] * 256u + (unsigned char)h[i + 1];
        while (s > 0xffff) s = (s & 0xffff) + (s >> 16);
        return unsigned(~s & 0xffff);
    };
    inner[10] = inner[11] = 0;
    unsigned c = sum(inner.substr(0, 20));
    inner[10] = char(c >> 8), inner[11] = char(c);
    b.get<TestInject>("in")->send(inner);
    b.get<TestInject>("in")->send(inner);
    auto wire = b.get<TestCollect>("onwire")->data();
    ASSERT_EQ(wire.size(), 2u);
    EXPECT_EQ(wire[0][9], char(50));                    // outer protocol: ESP
    EXPECT_EQ(wire[0].size(), 20u + 8 + 16 + 32 + 12);  // 28 bytes + 2 of trailer padded to 32
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(hex(got[0]), hex(inner));
    EXPECT_TRUE(b.get<TestCollect>("bad")->data().empty());
    // The same packet again on the wire is a replay; a flipped bit fails the ICV.
    std::string replay = wire[1], tampered = wire[0];
    tampered[40] ^= 0x80;
    Built rx = build("in :: TestInject -> CheckIPHeader -> StripIPHeader -> auth :: IPsecAuthHMACSHA1(1, " + key_auth +
                     ") -> IPsecAES(0, " + key_enc +
                     ") -> un :: IPsecESPUnencap(REPLAY_WINDOW 64) -> out :: TestCollect; auth[1] -> bad :: "
                     "TestCollect; un[1] -> bad;");
    ASSERT_TRUE(rx.router) << rx.errors;
    for (const auto& p : {replay, replay, tampered}) rx.get<TestInject>("in")->send(p);
    EXPECT_EQ(rx.get<TestCollect>("out")->data().size(), 1u);
    EXPECT_EQ(rx.get<TestCollect>("bad")->data().size(), 2u);
    EXPECT_EQ(rx.read("auth.drops"), "1\n");
    EXPECT_EQ(rx.read("un.replays"), "1\n");
}

TEST(IPsecAES, ShortAndUnalignedPacketsAreDropped) {
    Built b = build("in :: TestInject -> a :: IPsecAES(0, 000102030405060708090a0b0c0d0e0f) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (size_t n : {0, 7, 23, 24, 30, 24 + 17}) b.get<TestInject>("in")->send(std::string(n, 'x'));
    b.get<TestInject>("in")->send(std::string(24 + 32, 'x'));  // the one well-formed packet
    EXPECT_EQ(b.get<TestCollect>("out")->data().size(), 1u);
    EXPECT_EQ(b.read("a.drops"), "6\n");
    // IGNORE leaves the last bytes alone: 16 to decrypt plus 5 ignored.
    Built c = build("in :: TestInject -> a :: IPsecAES(1, 06a9214036b8a15b512e03d534120006, 5) -> out :: TestCollect;");
    ASSERT_TRUE(c.router) << c.errors;
    std::string head = unhex("00000001000000013dafba429d9eb430b422da802c9fac41");
    c.get<TestInject>("in")->send(head + "Single block msg" + "tail!");
    auto got = c.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(hex(got[0]), hex(head) + "e353779c1079aeb82708942dbe77181a" + hex("tail!"));
}
