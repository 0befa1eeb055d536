// Packets: room, sharing, copy-on-write, annotations, external buffers, the pool.
#include "clickos/packet.hh"

#include <gtest/gtest.h>

#include "clickos/batch.hh"

using namespace clickos;

TEST(Packet, MakeHasDataAndRoom) {
    Packet* p = Packet::make(32, "abcd", 4, 8);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->length(), 4u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), 4), "abcd");
    EXPECT_GE(p->headroom(), 32u);
    EXPECT_GE(p->tailroom(), 8u);
    EXPECT_FALSE(p->shared());
    EXPECT_EQ(p->paint_anno(), 0);
    EXPECT_EQ(p->dst_ip_anno(), 0u);
    p->kill();
}

TEST(Packet, PushPullPutTake) {
    Packet* p = Packet::make(16, "data", 4, 4);
    p = p->push(2);
    std::memcpy(p->mutable_data(), "xy", 2);
    p = p->put(2);
    std::memcpy(p->mutable_data() + 6, "zz", 2);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), "xydatazz");
    p->pull(2);
    p->take(2);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), p->length()), "data");
    p->pull(100);  // clamped
    EXPECT_EQ(p->length(), 0u);
    p->kill();
}

TEST(Packet, PushBeyondHeadroomReallocatesAndKeepsHeaders) {
    Packet* p = Packet::make(0, "0123456789", 10, 0);
    p->set_network_header(p->data() + 2, 4);
    p->set_paint_anno(7);
    Packet* q = p->push(20);
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(q->length(), 30u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(q->data() + 20), 10), "0123456789");
    EXPECT_EQ(q->network_header(), q->data() + 22);
    EXPECT_EQ(q->transport_header(), q->data() + 26);
    EXPECT_EQ(q->paint_anno(), 7);
    q->kill();
}

TEST(Packet, ClonesShareUntilUniqueified) {
    Packet* p = Packet::make("hello", 5);
    Packet* c = p->clone();
    EXPECT_TRUE(p->shared());
    EXPECT_TRUE(c->shared());
    EXPECT_EQ(c->data(), p->data());
    Packet* w = c->uniqueify();
    EXPECT_NE(w->data(), p->data());
    w->mutable_data()[0] = 'j';
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p->data()), 5), "hello");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(w->data()), 5), "jello");
    EXPECT_FALSE(p->shared());
    w->kill();
    p->kill();
}

TEST(Packet, OriginalKilledBeforeClone) {
    Packet* p = Packet::make("abc", 3);
    Packet* c = p->clone();
    p->kill();
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(c->data()), 3), "abc");
    c->kill();
}

namespace {
int released = 0;
void release(uint8_t*, size_t size, void* arg) {
    released += int(size);
    *static_cast<bool*>(arg) = true;
}
}  // namespace

TEST(Packet, ExternalBufferReturnedWhenLastReferenceDies) {
    static uint8_t slot[256];
    std::memcpy(slot + 10, "frame", 5);
    bool returned = false;
    released = 0;
    Packet* p = Packet::make_external(slot, sizeof slot, 10, 5, release, &returned);
    EXPECT_EQ(p->data(), slot + 10);
    Packet* c = p->clone();
    p->kill();
    EXPECT_FALSE(returned);
    c->kill();
    EXPECT_TRUE(returned);
    EXPECT_EQ(released, 256);
}

TEST(Packet, JumboPacketsUseTheirOwnBuffer) {
    std::string big(9000, 'j');
    Packet* p = Packet::make(big.data(), uint32_t(big.size()));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->length(), 9000u);
    EXPECT_EQ(p->data()[8999], 'j');
    p->kill();
}

TEST(Packet, PoolReusesObjects) {
    PacketPool& pool = PacketPool::local();
    Packet* a = Packet::make(10);
    size_t allocated = pool.allocated();
    a->kill();
    for (int i = 0; i < 10000; ++i) Packet::make(10)->kill();
    EXPECT_EQ(pool.allocated(), allocated);
}

TEST(PacketBatch, AppendPopFilterKill) {
    PacketBatch b;
    for (char c : std::string("abcd")) b.append(Packet::make(&c, 1));
    EXPECT_EQ(b.count(), 4u);
    b.filter([](Packet* p) -> Packet* {
        if (p->data()[0] == 'b') {
            p->kill();
            return nullptr;
        }
        return p;
    });
    EXPECT_EQ(b.count(), 3u);
    std::string seen;
    b.for_each([&](Packet* p) { seen += char(p->data()[0]); });
    EXPECT_EQ(seen, "acd");
    Packet* first = b.pop_front();
    EXPECT_EQ(first->data()[0], 'a');
    first->kill();
    b.kill();
    EXPECT_TRUE(b.empty());
}
