// Classifier: outputs derived by hand from the pattern semantics (first matching pattern
// wins; a clause compares bytes at an offset under a mask; '!' negates; '-' matches all;
// packets too short for a tested byte do not match that clause).
#include "classification/classifier.hh"

#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

// An Ethernet frame: destination, source, type, then payload bytes (hex).
std::string frame(const std::string& type_hex, const std::string& payload_hex = "") {
    return unhex("ffffffffffff 001122334455" + type_hex + payload_hex);
}

// An ARP frame whose operation field (bytes 20-21) is `op`.
std::string arp(const std::string& op_hex) {
    return frame("0806", "0001 0800 06 04" + op_hex + "001122334455 0a000001 000000000000 0a000002");
}

// A config sending TestInject through `classifier` to outputs o0..o<n-1>.
std::string wire(const std::string& classifier, int n) {
    std::string c = "in :: TestInject -> cl :: " + classifier + ";\n";
    for (int i = 0; i < n; ++i) c += "cl[" + std::to_string(i) + "] -> o" + std::to_string(i) + " :: TestCollect;\n";
    return c;
}

// Which output each packet reached: the index of the collector holding it, or -1.
std::vector<int> routes(const Built& b, int n, const std::vector<std::string>& packets) {
    std::vector<int> where;
    for (const auto& pkt : packets) {
        int found = -1;
        for (int i = 0; i < n; ++i) {
            auto* o = b.get<TestCollect>("o" + std::to_string(i));
            auto data = o->data();
            for (const auto& d : data)
                if (d == pkt) found = i;
        }
        where.push_back(found);
    }
    return where;
}

}  // namespace

TEST(Classifier, EthernetTypesGoToTheirOutputs) {
    auto b = build(wire("Classifier(12/0806, 12/0800, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::string a = frame("0806", "aa"), ip = frame("0800", "bb"), v6 = frame("86dd", "cc");
    b.get<TestInject>("in")->send(a);
    b.get<TestInject>("in")->send(ip);
    b.get<TestInject>("in")->send(v6);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), std::vector<std::string>{a});
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{ip});
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), std::vector<std::string>{v6});
}

TEST(Classifier, BatchesAreSplitPerOutputInOrder) {
    auto b = build(wire("Classifier(12/0806, 12/0800, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts = {frame("0800", "01"), frame("0806", "02"), frame("0800", "03"),
                                     frame("1234", "04"), frame("0806", "05"), frame("0800", "06")};
    b.get<TestInject>("in")->send_batch(pkts);
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{pkts[1], pkts[4]}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{pkts[0], pkts[2], pkts[5]}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), (std::vector<std::string>{pkts[3]}));
}

TEST(Classifier, ArpRequestsRepliesIpAndTheRest) {
    // The example of Click's documentation.
    auto b = build(wire("Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts = {arp("0001"), arp("0002"), arp("0003"), frame("0800", "4500"),
                                     frame("0800", "000000000000 0001")};
    b.get<TestInject>("in")->send_batch(pkts);
    // An ARP frame with another operation is not IP: output 3. An IP frame with 0001 at
    // offset 20 is still IP (the first two patterns need 0806 at 12).
    EXPECT_EQ(routes(b, 4, pkts), (std::vector<int>{0, 1, 3, 2, 2}));
}

TEST(Classifier, PacketsMatchingNoPatternAreDropped) {
    auto b = build(wire("Classifier(12/0806, 12/0800)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({frame("86dd"), frame("0800")});
    b.get<TestInject>("in")->send(frame("88cc"));
    EXPECT_TRUE(b.get<TestCollect>("o0")->data().empty());
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), std::vector<std::string>{frame("0800")});
    EXPECT_EQ(b.read("cl.program"),
              "step 0: 12/08060000%ffff0000  yes->[0]  no->step 1\n"
              "step 1: 12/08000000%ffff0000  yes->[1]  no->drop\n"
              "safe length 16\n");
}

TEST(Classifier, MasksAndWildcards) {
    // 14/?5: header length 5 in the low nibble of byte 14. 14/40%f0: IP version 4 in its high
    // nibble. 0/ff%0f: only the low nibble of byte 0.
    auto b = build(wire("Classifier(14/?5 12/0800, 14/40%f0, 0/ff%0f, -)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts = {
        frame("0800", "45"),  // 0: both nibbles
        frame("0800", "46"),  // 1: version 4, header length 6
        frame("86dd", "35"),  // 2: not 0800, high nibble 3; byte 0 is ff
        unhex("0e 00"),       // 3: low nibble of byte 0 is e; too short for the rest
        unhex("3f"),          // 4: low nibble of byte 0 is f
    };
    b.get<TestInject>("in")->send_batch(pkts);
    EXPECT_EQ(routes(b, 4, pkts), (std::vector<int>{0, 1, 2, 3, 2}));
}

TEST(Classifier, QuestionMarksInMasks) {
    // 12/0806%f?ff: the mask bytes are f? (high nibble of byte 12 only) and ff (byte 13), so
    // byte 12 must be 0x0-, byte 13 0x06.
    auto b = build(wire("Classifier(12/0806%f?ff, -)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts = {frame("0f06"), frame("0906"), frame("1806"), frame("0816")};
    b.get<TestInject>("in")->send_batch(pkts);
    EXPECT_EQ(routes(b, 2, pkts), (std::vector<int>{0, 0, 1, 1}));
}

TEST(Classifier, NegationAndSeveralClauses) {
    // Output 0: IPv4 but not UDP (protocol byte 23 != 0x11). Output 1: not IPv4.
    auto b = build(wire("Classifier(12/0800 !23/11, !12/0800, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::string tcp = frame("0800", "450000280000000040 06"), udp = frame("0800", "450000280000000040 11");
    std::string arpf = frame("0806", "00");
    b.get<TestInject>("in")->send_batch({tcp, udp, arpf});
    EXPECT_EQ(routes(b, 3, {tcp, udp, arpf}), (std::vector<int>{0, 2, 1}));
}

TEST(Classifier, ValuesSpanningWords) {
    // 6 bytes at offset 0 (the destination address) straddle two 4-byte words; so does
    // 10/44550800 (the last two source address bytes, then the type).
    auto b = build(wire("Classifier(0/ffffffffffff 10/44550800, 0/ffffffffffff, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::string bcast_ip = frame("0800"), bcast_arp = frame("0806");
    std::string unicast = unhex("ffffffffff00 001122334455 0800");
    b.get<TestInject>("in")->send_batch({bcast_ip, bcast_arp, unicast});
    EXPECT_EQ(routes(b, 3, {bcast_ip, bcast_arp, unicast}), (std::vector<int>{0, 1, 2}));
}

TEST(Classifier, ShortPacketsDoNotMatchClausesBeyondTheirEnd) {
    auto b = build(wire("Classifier(12/0800, !12/0806, 0/ff, -)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts = {
        unhex("ff"),                             // too short for 12/..: 12/0806 fails, so !12/0806 holds
        unhex("000000000000000000000000 08"),    // 13 bytes: byte 13 missing, same
        unhex("000000000000000000000000 0806"),  // exactly 14 bytes: ARP, fails !12/0806 and 0/ff
        unhex("000000000000000000000000 0800"),  // 14 bytes: IPv4
        "",                                      // empty: !12/0806 holds
    };
    b.get<TestInject>("in")->send_batch(pkts);
    EXPECT_EQ(routes(b, 4, pkts), (std::vector<int>{1, 1, 3, 0, 1}));
}

TEST(Classifier, ShortPacketsAndUnalignedClauses) {
    // 13/00 tests only byte 13: a 14-byte packet has it, a 13-byte one not. 12/00?? tests
    // only byte 12, so 13 bytes are enough.
    auto b = build(wire("Classifier(13/00, 12/00??, -)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::string z13(13, '\0'), z14(14, '\0'), z12(12, '\0');
    std::string one13 = std::string(12, '\0') + "\x01";
    b.get<TestInject>("in")->send_batch({z14, z13, z12, one13});
    EXPECT_EQ(routes(b, 3, {z14, z13, z12, one13}), (std::vector<int>{0, 1, 2, 2}));
}

TEST(Classifier, DashAndEmptyPatternsMatchEverything) {
    auto b = build(wire("Classifier(-, 12/0800)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.errors,
              "test.click:1:41: warning: cl :: Classifier: pattern 1 can never match (it contradicts itself, "
              "or earlier patterns take its packets)\n");
    b.get<TestInject>("in")->send_batch({frame("0800"), "", "x"});
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 3u);
    EXPECT_EQ(b.read("cl.program"), "all packets -> [0]\n");
}

TEST(Classifier, ContradictoryPatternWarns) {
    auto b = build(wire("Classifier(12/0806 12/0800, -)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.errors,
              "test.click:1:38: warning: cl :: Classifier: pattern 0 can never match (it contradicts "
              "itself, or earlier patterns take its packets)\n");
    b.get<TestInject>("in")->send(frame("0806"));
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 1u);
}

TEST(Classifier, ProgramSharesTestsAcrossPatterns) {
    // The two ARP patterns test 12/0806 once; a packet known to be ARP skips the IP test.
    auto b = build(wire("Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("cl.program"),
              "step 0: 12/08060000%ffff0000  yes->step 1  no->step 3\n"
              "step 1: 20/00010000%ffff0000  yes->[0]  no->step 2\n"
              "step 2: 20/00020000%ffff0000  yes->[1]  no->[3]\n"
              "step 3: 12/08000000%ffff0000  yes->[2]  no->[3]\n"
              "safe length 24\n");
}

TEST(Classifier, ClausesOnOneWordMerge) {
    auto b = build(wire("Classifier(12/08 13/00 14/45, -)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("cl.program"),
              "step 0: 12/08004500%ffffff00  yes->[0]  no->[1]\n"
              "safe length 16\n");
}

TEST(Classifier, BadPatterns) {
    auto err = [](const std::string& patterns) {
        return errors_of("TestInject -> cl :: Classifier(" + patterns + ") -> TestCollect;");
    };
    // Columns: "TestInject -> cl :: Classifier(" is 31 characters, so pattern 0 starts at 32.
    EXPECT_EQ(err("12-0800"), "test.click:1:34: cl :: Classifier: pattern 0: expected '/' after the offset\n");
    EXPECT_EQ(err("x12/0800"),
              "test.click:1:32: cl :: Classifier: pattern 0: expected an offset (decimal), found 'x'\n");
    EXPECT_EQ(err("12/080"), "test.click:1:35: cl :: Classifier: pattern 0: value has an odd number of hex digits\n");
    EXPECT_EQ(err("12/8"), "test.click:1:35: cl :: Classifier: pattern 0: value needs at least 2 hex digits\n");
    EXPECT_EQ(err("12/"), "test.click:1:35: cl :: Classifier: pattern 0: value needs at least 2 hex digits\n");
    EXPECT_EQ(err("12/0800%ff"),
              "test.click:1:40: cl :: Classifier: pattern 0: mask has 2 hex digits, the value 4 (they must match)\n");
    EXPECT_EQ(err("12/08g0"),
              "test.click:1:37: cl :: Classifier: pattern 0: unexpected 'g' in clause (hex digits or '?' expected)\n");
    EXPECT_EQ(err("12/0800 !"), "test.click:1:41: cl :: Classifier: pattern 0: expected an offset after '!'\n");
    EXPECT_EQ(err("70000/00"), "test.click:1:32: cl :: Classifier: pattern 0: offset too large (at most 65535)\n");
    EXPECT_EQ(err("- 12/0800"),
              "test.click:1:32: cl :: Classifier: pattern 0: expected an offset (decimal), found '-'\n");
}

TEST(Classifier, BadPatternsInLaterArgumentsAndLines) {
    std::string config =
        "in :: TestInject -> cl :: Classifier(12/0806,\n"
        "                                     12/08 00,\n"
        "                                     -);\n"
        "cl[0] -> TestCollect; cl[1] -> TestCollect; cl[2] -> TestCollect;";
    EXPECT_EQ(errors_of(config), "test.click:2:46: cl :: Classifier: pattern 1: expected '/' after the offset\n");
    // Every bad pattern is reported.
    EXPECT_EQ(errors_of(wire("Classifier(1, 2/3)", 2)),
              "test.click:1:39: cl :: Classifier: pattern 0: expected '/' after the offset\n"
              "test.click:1:43: cl :: Classifier: pattern 1: value needs at least 2 hex digits\n");
}

TEST(Classifier, OnePatternPerOutput) {
    EXPECT_EQ(errors_of("TestInject -> cl :: Classifier(12/0800, -) -> TestCollect;"),
              "test.click:1:15: cl :: Classifier: 2 patterns for 1 output (one pattern per output)\n");
    EXPECT_EQ(errors_of(wire("Classifier(-)", 2)),
              "test.click:1:21: cl :: Classifier: 1 pattern for 2 outputs (one pattern per output)\n");
}

TEST(Classifier, SinglePacketPushPath) {
    // Through Tee, packets arrive one by one (push, not push_batch).
    auto b = build(
        "in :: TestInject -> Tee(1) -> cl :: Classifier(12/0806, -); cl[0] -> o0 :: TestCollect; cl[1] -> o1 :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    in->send(frame("0806"));
    in->send(frame("0800"));
    in->send("");
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 2u);
}

namespace {

// A packet whose buffer ends exactly where its data ends, so that reading past the data
// is caught by the address sanitizer.
Packet* exact_packet(const std::string& bytes) {
    auto* buf = new uint8_t[bytes.size() ? bytes.size() : 1];
    std::memcpy(buf, bytes.data(), bytes.size());
    return Packet::make_external(
        buf, uint32_t(bytes.size()), 0, uint32_t(bytes.size()), [](uint8_t* b, size_t, void*) { delete[] b; }, nullptr);
}

}  // namespace

TEST(Classifier, NeverReadsPastThePacket) {
    auto b = build(wire("Classifier(12/0806 20/0001, 13/00, !30/ff, -)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    auto* in = b.get<TestInject>("in");
    std::string arp_req = arp("0001");
    for (size_t len = 0; len <= arp_req.size(); ++len) in->send(exact_packet(arp_req.substr(0, len)));
    // Lengths 0-13: 13/00 needs byte 13 (0x06 anyway), !30/ff holds: output 2.
    // 14-21: 12/0806 holds but 20/0001 needs bytes 20-21; 13/00 fails (0x06): output 2.
    // 22 and more: an ARP request: output 0.
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), arp_req.size() - 21);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 0u);
    EXPECT_EQ(b.get<TestCollect>("o2")->packets.size(), 22u);
}

TEST(Classifier, MalformedPatternsNeverCrash) {
    // Patterns made of the pattern alphabet and a few strangers: each either builds or
    // reports an error, and built classifiers take any packet.
    const std::string alphabet = "0123456789aF?/%! -x/";
    uint32_t seed = 7;
    auto next = [&seed]() {
        seed = seed * 1103515245 + 12345;
        return seed >> 16;
    };
    int built = 0;
    for (int round = 0; round < 300; ++round) {
        std::string pattern;
        for (uint32_t n = next() % 12; n > 0; --n) {
            char c = alphabet[next() % alphabet.size()];
            if (c == '/' && !pattern.empty() && pattern.back() == '/') c = '0';  // "//" starts a comment
            pattern += c;
        }
        auto b = build(wire("Classifier(" + pattern + ", -)", 2));
        built += b.router != nullptr;
        if (!b.router) {
            EXPECT_NE(b.errors.find("Classifier: pattern 0: "), std::string::npos) << pattern << "\n" << b.errors;
            continue;
        }
        b.get<TestInject>("in")->send_batch({"", "x", std::string(40, '\x05')});
        EXPECT_EQ(b.get<TestCollect>("o0")->packets.size() + b.get<TestCollect>("o1")->packets.size(), 3u) << pattern;
    }
    EXPECT_GT(built, 20);  // some random patterns are valid (the empty one, at least)
}
