// Malformed input: every prefix of a packet with options, and variants with single bytes
// overwritten, go through every element of the domain. Nothing may crash or read outside
// the packet (the sanitizer build checks that); the packets are simply counted out.
#include <gtest/gtest.h>

#include "ip_test_util.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

std::vector<std::string> mutations(const std::string& base) {
    std::vector<std::string> out;
    for (size_t n = 0; n <= base.size(); ++n) out.push_back(base.substr(0, n));
    for (size_t i = 0; i < base.size(); ++i)
        for (char c : {'\x00', '\xff', '\x4f', '\x41', '\x83'}) {
            std::string s = base;
            s[i] = c;
            out.push_back(s);
        }
    return out;
}

std::string ip_with_source_route() {
    std::string opts = unhex(
        "830b0c"
        "02020202"
        "03030303"
        "00"
        "94040000");
    std::string h = std::string{0x49, 0} + be16(36 + 40) + be16(9) + be16(0) + std::string{5, 17} + be16(0) +
                    addr(10, 0, 0, 5) + addr(10, 0, 0, 9) + opts;
    return fill_ip_checksum(h) + std::string(40, 'd');
}

}  // namespace

TEST(Robustness, MalformedPacketsNeverCrash) {
    auto b = build(
        "in :: TestInject -> t :: Tee(8);"
        "t[0] -> IPEncap(gre, 1.1.1.1, DST_ANNO) -> Discard;"
        "t[1] -> UDPIPEncap(1.1.1.1, 1, 2.2.2.2, 2) -> Discard;"
        "t[2] -> SetIPECN(ce) -> Discard;"
        "t[3] -> e :: ICMPError(1.1.1.1, parameterproblem, MTU 68) -> Discard;"
        "t[4] -> f :: IPFragmenter(28, false) -> Discard; f[1] -> Discard;"
        "t[5] -> d :: GREDecap(CHECKSUM true, KEY 1, SEQUENCE true) -> Discard; d[1] -> Discard;"
        "t[6] -> GREEncap(0x0800, CHECKSUM true) -> GREDecap -> Discard;"
        "t[7] -> r :: RED(1, 2, 0.5) -> q :: Queue(10) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    auto in = b.get<TestInject>("in");
    std::string gre = unhex(
                          "b0000800"
                          "00000000"
                          "00000001"
                          "00000005") +
                      ip_with_source_route();
    size_t sent = 0;
    for (const auto& base : {ip_with_source_route(), gre}) {
        for (const auto& s : mutations(base)) {
            for (int offset : {0, 3, 36}) {
                Packet* p = TestInject::make(s);
                if (size_t(offset) <= s.size()) p->set_network_header(p->data() + offset, 20);
                p->anno()[13] = uint8_t(sent);
                in->send(p);
                ++sent;
            }
            in->send_ip(s);
            ++sent;
        }
    }
    EXPECT_EQ(b.router->port_count(b["t"], true, 0), sent);
    EXPECT_GT(sent, 1000u);
}
