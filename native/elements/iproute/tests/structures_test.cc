// The lookup structures on their own: a trie and a range table built from a few prefixes,
// with the answers and the range boundaries worked out by hand.
#include <gtest/gtest.h>

#include "iproute/prefix_trie.hh"
#include "iproute/range_table.hh"

using namespace clickos;

namespace {

constexpr uint32_t A(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    return a << 24 | b << 16 | c << 8 | d;
}

}  // namespace

TEST(RangeTable, RangesFromNestedPrefixes) {
    RangeTable t;
    // 0/0 -> 1; 10/8 -> 2; 10.1/16 -> 3; 10.255/16 -> 4 (ends where 10/8 ends); 11/8 -> 2.
    t.build({{0, 0, 1},
             {A(10, 0, 0, 0), 8, 2},
             {A(10, 1, 0, 0), 16, 3},
             {A(10, 255, 0, 0), 16, 4},
             {A(11, 0, 0, 0), 8, 2}});
    // 0.0.0.0 1 | 10.0.0.0 2 | 10.1.0.0 3 | 10.2.0.0 2 | 10.255.0.0 4 | 11.0.0.0 2 | 12.0.0.0 1
    EXPECT_EQ(t.ranges(), 7u);
    EXPECT_EQ(t.lookup(0), 1u);
    EXPECT_EQ(t.lookup(A(9, 255, 255, 255)), 1u);
    EXPECT_EQ(t.lookup(A(10, 0, 0, 0)), 2u);
    EXPECT_EQ(t.lookup(A(10, 0, 255, 255)), 2u);
    EXPECT_EQ(t.lookup(A(10, 1, 0, 0)), 3u);
    EXPECT_EQ(t.lookup(A(10, 1, 255, 255)), 3u);
    EXPECT_EQ(t.lookup(A(10, 2, 0, 0)), 2u);
    EXPECT_EQ(t.lookup(A(10, 254, 255, 255)), 2u);
    EXPECT_EQ(t.lookup(A(10, 255, 0, 0)), 4u);
    EXPECT_EQ(t.lookup(A(10, 255, 255, 255)), 4u);
    EXPECT_EQ(t.lookup(A(11, 0, 0, 0)), 2u);
    EXPECT_EQ(t.lookup(A(12, 0, 0, 0)), 1u);
    EXPECT_EQ(t.lookup(0xffffffffu), 1u);
}

TEST(RangeTable, EmptyAndTopOfTheAddressSpace) {
    RangeTable t;
    EXPECT_EQ(t.lookup(A(1, 2, 3, 4)), 0u);
    t.build({{A(255, 255, 255, 255), 32, 5}});
    EXPECT_EQ(t.ranges(), 2u);
    EXPECT_EQ(t.lookup(0xfffffffeu), 0u);
    EXPECT_EQ(t.lookup(0xffffffffu), 5u);
    t.build({});
    EXPECT_EQ(t.lookup(0xffffffffu), 0u);
}

TEST(PrefixTrie, InsertRemoveAndFold) {
    PrefixTrie<20, 4> t;
    ASSERT_TRUE(t.init());
    t.insert(A(10, 0, 0, 0), 8, 1);
    t.insert(A(10, 1, 2, 0), 24, 2);    // one chunk below the root (bits 20-23)
    t.insert(A(10, 1, 2, 128), 25, 3);  // one more (bits 24-27)
    t.insert(A(10, 1, 2, 129), 32, 4);  // and one more (bits 28-31)
    EXPECT_EQ(t.chunk_count(), 3u);
    EXPECT_EQ(t.lookup(A(10, 9, 9, 9)), 1u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 127)), 2u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 128)), 3u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 4u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 130)), 3u);
    EXPECT_EQ(t.lookup(A(11, 0, 0, 0)), 0u);
    // A shorter prefix inserted later does not hide longer ones.
    t.insert(A(10, 1, 0, 0), 16, 5);
    EXPECT_EQ(t.lookup(A(10, 1, 3, 0)), 5u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 1)), 2u);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 4u);
    // Removing the /32 folds its chunk; the /25 takes its address back.
    t.remove(A(10, 1, 2, 129), 32, 3, 25);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 3u);
    EXPECT_EQ(t.chunk_count(), 2u);
    t.remove(A(10, 1, 2, 128), 25, 2, 24);
    EXPECT_EQ(t.chunk_count(), 1u);
    t.remove(A(10, 1, 2, 0), 24, 5, 16);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 5u);
    EXPECT_EQ(t.chunk_count(), 0u);
    t.remove(A(10, 1, 0, 0), 16, 1, 8);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 1u);
    t.remove(A(10, 0, 0, 0), 8, 0, 0);
    EXPECT_EQ(t.lookup(A(10, 1, 2, 129)), 0u);
}

TEST(PrefixTrie, Dir24) {
    PrefixTrie<24, 8> t;
    ASSERT_TRUE(t.init());
    t.insert(0, 0, 7);
    t.insert(A(192, 168, 1, 0), 24, 8);
    t.insert(A(192, 168, 1, 4), 30, 9);
    EXPECT_EQ(t.chunk_count(), 1u);
    EXPECT_EQ(t.lookup(A(192, 168, 1, 3)), 8u);
    EXPECT_EQ(t.lookup(A(192, 168, 1, 7)), 9u);
    EXPECT_EQ(t.lookup(A(192, 168, 1, 8)), 8u);
    EXPECT_EQ(t.lookup(A(1, 1, 1, 1)), 7u);
    t.insert(A(192, 168, 1, 4), 30, 10);  // same prefix, new value
    EXPECT_EQ(t.lookup(A(192, 168, 1, 6)), 10u);
    t.clear();
    EXPECT_EQ(t.lookup(A(192, 168, 1, 6)), 0u);
    EXPECT_EQ(t.chunk_count(), 0u);
}
