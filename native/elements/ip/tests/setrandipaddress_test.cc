// SetRandIPAddress: every annotation must lie in the prefix (checked with the test's own
// mask arithmetic), the prefix bits must be ADDR's, the host bits must vary, and MAX must
// bound the number of distinct addresses. The data must be left alone.
#include <gtest/gtest.h>

#include <set>

#include "clickos/random.hh"
#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

// Host-order annotations of `n` packets sent through `element`.
std::vector<uint32_t> annotations(const std::string& element, int n) {
    auto b = build("in :: TestInject -> " + element + " -> out :: TestCollect;");
    if (!b.router) {
        ADD_FAILURE() << b.errors;
        return {};
    }
    std::string pkt = udp_packet();
    for (int i = 0; i < n; ++i) b.get<TestInject>("in")->send_ip(pkt);
    std::vector<uint32_t> r;
    for (Packet* p : b.get<TestCollect>("out")->packets) {
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), pkt);
        const uint8_t* a = p->anno() + anno::dst_ip;
        r.push_back(uint32_t(a[0]) << 24 | uint32_t(a[1]) << 16 | uint32_t(a[2]) << 8 | a[3]);
    }
    return r;
}

}  // namespace

TEST(SetRandIPAddress, AddressesStayInThePrefix) {
    set_random_seed(12345);
    auto got = annotations("SetRandIPAddress(10.20.30.77/20)", 2000);
    ASSERT_EQ(got.size(), 2000u);
    std::set<uint32_t> distinct;
    for (uint32_t a : got) {
        EXPECT_EQ(a & 0xfffff000u, 0x0a141000u);  // 10.20.16.0/20
        distinct.insert(a);
    }
    EXPECT_GT(distinct.size(), 1500u);  // 4096 host values: collisions are rare
    uint32_t host_bits_seen = 0;
    for (uint32_t a : got) host_bits_seen |= a;
    EXPECT_EQ(host_bits_seen & 0xfff, 0xfffu);  // every host bit varies
}

TEST(SetRandIPAddress, FullLengthAndZeroLengthPrefixes) {
    for (uint32_t a : annotations("SetRandIPAddress(192.0.2.9/32)", 50)) EXPECT_EQ(a, 0xc0000209u);
    std::set<uint32_t> top_bytes;
    for (uint32_t a : annotations("SetRandIPAddress(0.0.0.0/0)", 500)) top_bytes.insert(a >> 24);
    EXPECT_GT(top_bytes.size(), 100u);
}

TEST(SetRandIPAddress, MaxBoundsTheDistinctAddresses) {
    set_random_seed(7);
    std::set<uint32_t> distinct;
    for (uint32_t a : annotations("SetRandIPAddress(10.0.0.0/8, 3)", 1000)) {
        EXPECT_EQ(a >> 24, 10u);
        distinct.insert(a);
    }
    EXPECT_LE(distinct.size(), 3u);
    EXPECT_GE(distinct.size(), 2u);  // three draws from 2^24 all equal: about 2^-48
    std::set<uint32_t> one;
    for (uint32_t a : annotations("SetRandIPAddress(10.0.0.0/8, MAX 1)", 100)) one.insert(a);
    EXPECT_EQ(one.size(), 1u);
}

TEST(SetRandIPAddress, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> s :: SetRandIPAddress -> TestCollect;"),
              "test.click:1:15: s :: SetRandIPAddress: missing mandatory PREFIX argument\n");
    EXPECT_EQ(errors_of("TestInject -> s :: SetRandIPAddress(10.0.0.0/33) -> TestCollect;"),
              "test.click:1:37: s :: SetRandIPAddress: PREFIX: expected IP prefix (ADDR/LEN)\n");
    EXPECT_EQ(errors_of("TestInject -> s :: SetRandIPAddress(10.0.0.0/8, 0) -> TestCollect;"),
              "test.click:1:15: s :: SetRandIPAddress: MAX must be from 1 to 1048576\n");
    EXPECT_EQ(errors_of("TestInject -> s :: SetRandIPAddress(10.0.0.0/8, many) -> TestCollect;"),
              "test.click:1:49: s :: SetRandIPAddress: MAX: expected integer\n");
}
