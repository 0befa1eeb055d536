// Large tables: 100,000 routes with a realistic spread of prefix lengths, loaded through
// the ctrl handler and checked against a reference written here (one hash map per prefix
// length, probed from /32 down), then run-time churn through the handlers checked the
// same way. (Tables that large are loaded through ctrl because the engine's argument
// splitter currently takes quadratic time in the number of arguments.)
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "iproute/directiplookup.hh"
#include "iproute/radixiplookup.hh"
#include "route_helpers.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace routetest;

namespace {

struct Rng {
    uint64_t s;
    uint32_t next() {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return uint32_t(s >> 32);
    }
};

struct Reference {
    struct Hop {
        uint32_t gw;  // host order
        int port;
    };
    std::unordered_map<uint32_t, Hop> by_len[33];
    int lookup(uint32_t dst, uint32_t& gw) const {
        for (int len = 32; len >= 0; --len) {
            auto it = by_len[len].find(dst & prefix_mask_host(len));
            if (it != by_len[len].end()) {
                gw = it->second.gw;
                return it->second.port;
            }
        }
        gw = 0;
        return -1;
    }
};

std::string host_str(uint32_t a) {
    return ip_str(htonl(a));
}

// Prefix lengths roughly as in a BGP table: mostly /24, some shorter, a few longer.
int random_len(Rng& r) {
    uint32_t x = r.next() % 100;
    if (x < 55) return 24;
    if (x < 65) return 23;
    if (x < 72) return 22;
    if (x < 78) return 21;
    if (x < 83) return 20;
    if (x < 90) return 16 + int(r.next() % 4);
    if (x < 95) return 8 + int(r.next() % 8);
    return 25 + int(r.next() % 8);
}

struct Table {
    std::string config_routes;  // "ROUTE,\n" lines for a configuration
    std::string ctrl;           // "add ROUTE\n" lines for the ctrl handler
    Reference ref;
    std::vector<std::pair<uint32_t, int>> prefixes;  // host order addr, len
};

Table make_table(size_t n, uint64_t seed) {
    Table t;
    Rng r{seed};
    t.config_routes.reserve(n * 32);
    t.ctrl.reserve(n * 36);
    while (t.prefixes.size() < n) {
        int len = random_len(r);
        uint32_t addr = r.next() & prefix_mask_host(len);
        if (t.ref.by_len[len].count(addr)) continue;
        int port = int(r.next() % 4);
        uint32_t gw = (r.next() % 3 == 0) ? (0xc0a80000u | (r.next() & 0xffff)) : 0;
        t.ref.by_len[len][addr] = {gw, port};
        t.prefixes.push_back({addr, len});
        std::string route = host_str(addr) + "/" + std::to_string(len) + " ";
        if (gw) route += host_str(gw) + " ";
        route += std::to_string(port);
        t.config_routes += route + ",\n";
        t.ctrl += "add " + route + "\n";
    }
    t.config_routes += "0.0.0.0/0 10.255.255.254 3";
    t.ref.by_len[0][0] = {0x0afffffeu, 3};
    return t;
}

// Addresses worth checking: random ones, and both ends of every prefix and just past them.
std::vector<uint32_t> probes(const Table& t, size_t random_count, uint64_t seed) {
    Rng r{seed};
    std::vector<uint32_t> v;
    for (size_t i = 0; i < random_count; ++i) v.push_back(r.next());
    for (auto [addr, len] : t.prefixes) {
        uint32_t last = addr | ~prefix_mask_host(len);
        v.push_back(addr);
        v.push_back(last);
        v.push_back(last + 1);
        v.push_back(addr - 1);
    }
    return v;
}

// Mismatches between the element and the reference (0 is good), reporting the first few.
int compare(const IPRouteTable* rt, const Reference& ref, const std::vector<uint32_t>& addrs) {
    int bad = 0;
    for (uint32_t a : addrs) {
        uint32_t gw = 0, want_gw = 0;
        int port = rt->lookup_route(htonl(a), gw);
        int want = ref.lookup(a, want_gw);
        if (port != want || (want >= 0 && ntohl(gw) != want_gw)) {
            if (++bad <= 5)
                ADD_FAILURE() << host_str(a) << ": got " << port << " via " << ip_str(gw) << ", want " << want
                              << " via " << host_str(want_gw);
        }
    }
    return bad;
}

std::string config_for(const std::string& cls, const std::string& routes) {
    return "in :: TestInject -> rt :: " + cls + "(" + routes +
           ");\n"
           "rt[0] -> o0 :: TestCollect; rt[1] -> o1 :: TestCollect;\n"
           "rt[2] -> o2 :: TestCollect; rt[3] -> o3 :: TestCollect;";
}

class LargeTable : public ::testing::TestWithParam<const char*> {};

TEST_P(LargeTable, HundredThousandRoutesMatchTheReference) {
    static const Table t = make_table(100000, 42);
    auto b = build(config_for(GetParam(), "0.0.0.0/0 10.255.255.254 3"));
    ASSERT_TRUE(b.router) << b.errors;
    auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(b.write("rt.ctrl", t.ctrl), "");
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto* rt = dynamic_cast<IPRouteTable*>(b["rt"]);
    ASSERT_NE(rt, nullptr);
    EXPECT_EQ(rt->route_count(), 100001u);
    std::printf("%s: 100001 routes built in %.2f s\n", GetParam(), secs);
    if (auto* radix = dynamic_cast<RadixIPLookup*>(rt))
        std::printf("  trie: %zu chunks, %.1f MB\n", radix->trie().chunk_count(), radix->trie().memory_bytes() / 1e6);
    EXPECT_EQ(compare(rt, t.ref, probes(t, 200000, 7)), 0);

    // The packet path agrees with the handler-level lookups.
    Rng r{99};
    PacketBatch batch;
    std::vector<size_t> want_count(4, 0);
    for (int i = 0; i < 1000; ++i) {
        uint32_t a = r.next();
        uint32_t gw;
        int port = t.ref.lookup(a, gw);
        ++want_count[size_t(port)];
        batch.append(packet_to(host_str(a), "p"));
    }
    b["in"]->output(0).push_batch(batch);
    for (int o = 0; o < 4; ++o)
        EXPECT_EQ(b.get<TestCollect>("o" + std::to_string(o))->packets.size(), want_count[size_t(o)]);
}

INSTANTIATE_TEST_SUITE_P(Fast, LargeTable, ::testing::Values("RadixIPLookup", "DirectIPLookup", "RangeIPLookup"));

// Random adds, sets and removes through the handlers on a 20,000-route table (1,500 for
// LinearIPLookup, whose lookups visit every route).
class Churn : public ::testing::TestWithParam<const char*> {};

TEST_P(Churn, HandlerChangesMatchTheReference) {
    bool linear = std::string(GetParam()) == "LinearIPLookup";
    Table t = make_table(linear ? 1500 : 20000, 5);
    auto b = build(config_for(GetParam(), "0.0.0.0/0 10.255.255.254 3"));
    ASSERT_TRUE(b.router) << b.errors;
    ASSERT_EQ(b.write("rt.ctrl", t.ctrl), "");
    auto* rt = dynamic_cast<IPRouteTable*>(b["rt"]);
    Rng r{11};
    std::vector<uint32_t> sample = probes(t, linear ? 2000 : 20000, 3);
    for (int round = 0; round < 20; ++round) {
        // One ctrl write per round, so RangeIPLookup rebuilds once per round.
        std::string ctrl;
        for (int i = 0; i < 200; ++i) {
            uint32_t op = r.next() % 3;
            if (op == 2 && !t.prefixes.empty()) {
                size_t k = r.next() % t.prefixes.size();
                auto [addr, len] = t.prefixes[k];
                if (!t.ref.by_len[len].count(addr)) continue;
                t.ref.by_len[len].erase(addr);
                ctrl += "remove " + host_str(addr) + "/" + std::to_string(len) + "\n";
            } else {
                int len = op == 0 ? random_len(r) : 8 + int(r.next() % 25);
                uint32_t addr = r.next() & prefix_mask_host(len);
                int port = int(r.next() % 4);
                t.ref.by_len[len][addr] = {0, port};
                t.prefixes.push_back({addr, len});
                ctrl += "set " + host_str(addr) + "/" + std::to_string(len) + " " + std::to_string(port) + "\n";
            }
        }
        ASSERT_EQ(b.write("rt.ctrl", ctrl), "");
        std::vector<uint32_t> now = sample;
        for (size_t k = t.prefixes.size() - 200 < t.prefixes.size() ? t.prefixes.size() - 200 : 0;
             k < t.prefixes.size(); ++k) {
            now.push_back(t.prefixes[k].first);
            now.push_back(t.prefixes[k].first | ~prefix_mask_host(t.prefixes[k].second));
        }
        ASSERT_EQ(compare(rt, t.ref, now), 0) << "round " << round;
    }
}

INSTANTIATE_TEST_SUITE_P(Dynamic, Churn,
                         ::testing::Values("RadixIPLookup", "DirectIPLookup", "RangeIPLookup", "LinearIPLookup"));

TEST(RadixIPLookup, RemovingEveryRouteFreesEveryChunk) {
    Table t = make_table(2000, 77);
    auto b = build(config_for("RadixIPLookup", t.config_routes));  // from the configuration
    ASSERT_TRUE(b.router) << b.errors.substr(0, 500);
    auto* rt = dynamic_cast<RadixIPLookup*>(b["rt"]);
    EXPECT_GT(rt->trie().chunk_count(), 0u);
    std::string ctrl;
    for (auto [addr, len] : t.prefixes) ctrl += "remove " + host_str(addr) + "/" + std::to_string(len) + "\n";
    ASSERT_EQ(b.write("rt.ctrl", ctrl), "");
    EXPECT_EQ(rt->trie().chunk_count(), 0u);
    EXPECT_EQ(b.read("rt.table"), "0.0.0.0/0\t10.255.255.254\t3\n");
    EXPECT_EQ(b.write("rt.lookup", "1.2.3.4"), "");
    EXPECT_EQ(b.read("rt.lookup"), "3 10.255.255.254\n");
}

}  // namespace
