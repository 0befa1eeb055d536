// Align: every packet that leaves must start OFFSET bytes past a MODULUS boundary with the
// same bytes and annotations; aligned packets must not move.
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

uintptr_t addr(const Packet* p) {
    return reinterpret_cast<uintptr_t>(p->data());
}

}  // namespace

TEST(Align, EveryMisalignmentIsFixed) {
    auto b = build("in :: TestInject -> Align(4, 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> sent;
    for (uint32_t k = 0; k < 8; ++k) {
        std::string data = "packet" + std::to_string(k);
        sent.push_back(data);
        b.get<TestInject>("in")->send(Packet::make(64 + k, data.data(), uint32_t(data.size()), 16));
    }
    auto* out = b.get<TestCollect>("out");
    EXPECT_EQ(out->data(), sent);
    for (Packet* p : out->packets) EXPECT_EQ(addr(p) % 4, 2u);
}

TEST(Align, AlignedPacketsStayInPlace) {
    auto b = build("in :: TestInject -> Align(8, 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (uint32_t k = 0; k < 8; ++k) {
        Packet* p = Packet::make(64 + k, "abc", 3, 16);
        if (addr(p) % 8 != 0) {
            p->kill();
            continue;
        }
        const uint8_t* before = p->data();
        b.get<TestInject>("in")->send(p);
        ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
        EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->data(), before);
        return;
    }
    FAIL() << "no aligned packet could be made";
}

TEST(Align, NoTailroomAndSharedPacketsAreCopied) {
    auto b = build("in :: TestInject -> Align(4, 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string big(Packet::pool_buffer_size, 'x');
    for (uint32_t k = 0; k < 4; ++k) {
        // Fills the rest of the buffer: no tailroom.
        uint32_t len = Packet::pool_buffer_size - 64 - k;
        Packet* p = Packet::make(64 + k, big.data(), len, 0);
        p->set_network_header(p->data() + 1, 2);
        p->anno()[30] = 0x5a;
        b.get<TestInject>("in")->send(p);
    }
    Packet* original = Packet::make(65, "shared", 6, 8);
    Packet* clone = original->clone();
    b.get<TestInject>("in")->send(clone);
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 5u);
    for (uint32_t k = 0; k < 4; ++k) {
        Packet* p = out->packets[k];
        EXPECT_EQ(addr(p) % 4, 0u);
        EXPECT_EQ(p->length(), Packet::pool_buffer_size - 64 - k);
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), big.substr(0, p->length()));
        EXPECT_EQ(p->network_header(), p->data() + 1);
        EXPECT_EQ(p->transport_header(), p->data() + 3);
        EXPECT_EQ(p->anno()[30], 0x5a);
    }
    EXPECT_EQ(addr(out->packets[4]) % 4, 0u);
    EXPECT_EQ(out->data()[4], "shared");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(original->data()), 6), "shared");
    original->kill();
}

TEST(Align, HeadersMoveWithTheData) {
    auto b = build("in :: TestInject -> Align(4, 0) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (uint32_t k = 0; k < 4; ++k) {
        Packet* p = Packet::make(64 + k, "EEEEIIII", 8, 32);
        p->set_mac_header(p->data());
        p->set_network_header(p->data() + 4, 4);
        b.get<TestInject>("in")->send(p);
    }
    for (Packet* p : b.get<TestCollect>("out")->packets) {
        EXPECT_EQ(p->mac_header(), p->data());
        EXPECT_EQ(p->network_header(), p->data() + 4);
        EXPECT_EQ(p->transport_header(), p->data() + 8);
    }
}

TEST(Align, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> Align(3, 0) -> TestCollect;"),
              "test.click:1:15: Align@2 :: Align: MODULUS must be 2, 4 or 8\n");
    EXPECT_EQ(errors_of("TestInject -> Align(4) -> TestCollect;"),
              "test.click:1:15: Align@2 :: Align: missing mandatory OFFSET argument\n");
    EXPECT_EQ(errors_of("TestInject -> Align(4, -1) -> TestCollect;"),
              "test.click:1:24: Align@2 :: Align: OFFSET: expected unsigned integer\n");
}
