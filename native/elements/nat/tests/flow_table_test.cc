// The mapping table on its own (hash index against a reference map, expiry against the
// documented timeouts, capacity trimming) and at scale through IPRewriter: a million flows.
#include "nat/flow_table.hh"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <tuple>

#include "nat/iprewriter.hh"
#include "nat_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::nat;
using namespace clickos::testing;
using namespace nat_test;

namespace {

constexpr int64_t sec = 1'000'000'000;

using Ref = std::tuple<uint8_t, uint32_t, uint32_t, uint16_t, uint16_t>;
Ref ref(uint8_t proto, const FlowKey& k) {
    return {proto, k.saddr, k.daddr, k.sport, k.dport};
}

FlowTimeouts udp_only(int64_t timeout, int64_t guarantee = 0) {
    FlowTimeouts t;
    t.udp = t.udp_streaming = t.tcp_nodata = t.tcp_data = t.tcp_done = timeout;
    t.udp_guarantee = t.tcp_guarantee = guarantee;
    return t;
}

}  // namespace

TEST(FlowTable, RandomOperationsMatchAReferenceMap) {
    FlowTable t;
    t.configure(udp_only(100 * sec), FlowTable::max_capacity, 1, 0);
    std::mt19937 rng(7);
    // A small key space, so probe sequences collide and reply keys clash with live mappings.
    auto random_key = [&] {
        FlowKey k;
        k.saddr = 1 + rng() % 3;
        k.daddr = 1 + rng() % 3;
        k.sport = uint16_t(rng() % 300);
        k.dport = uint16_t(rng() % 4);
        return k;
    };
    struct Live {
        uint8_t proto;
        FlowKey orig, mapped;
    };
    std::map<Ref, std::pair<int, int>> index;  // key -> (flow id, direction)
    std::map<int, Live> live;
    int next_id = 0;
    auto forget = [&](int id) {
        const Live& l = live.at(id);
        index.erase(ref(l.proto, l.orig));
        index.erase(ref(l.proto, l.mapped.reversed()));
        live.erase(id);
    };
    for (int op = 0; op < 100000; ++op) {
        uint8_t proto = rng() % 2 ? 6 : 17;
        if (rng() % 3 != 0 || live.empty()) {
            FlowKey orig = random_key();
            if (index.count(ref(proto, orig))) continue;
            FlowKey mapped = rng() % 10 == 0 ? orig.reversed() : random_key();  // sometimes self-symmetric
            // A live mapping owning the new reply key is replaced.
            if (auto it = index.find(ref(proto, mapped.reversed())); it != index.end()) forget(it->second.first);
            ASSERT_NE(t.insert(proto, orig, mapped, 0, 0, 0, 0, 0), nullptr);
            int id = next_id++;
            live[id] = {proto, orig, mapped};
            index[ref(proto, mapped.reversed())] = {id, 1};
            index[ref(proto, orig)] = {id, 0};
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            FlowTable::Hit h = t.lookup(it->second.proto, it->second.orig);
            ASSERT_NE(h.flow, nullptr);
            t.erase(h.flow);
            forget(it->first);
        }
        if (op % 20000 == 0 || op == 99999) {
            ASSERT_EQ(t.size(), live.size());
            for (const auto& [key, where] : index) {
                FlowKey k;
                k.saddr = std::get<1>(key), k.daddr = std::get<2>(key), k.sport = std::get<3>(key),
                k.dport = std::get<4>(key);
                FlowTable::Hit h = t.lookup(std::get<0>(key), k);
                ASSERT_NE(h.flow, nullptr);
                const Live& l = live.at(where.first);
                EXPECT_TRUE(h.flow->orig == l.orig && h.flow->mapped == l.mapped);
                // A self-symmetric mapping answers both directions with its forward entry.
                EXPECT_EQ(h.dir, l.orig == l.mapped.reversed() ? 0 : where.second);
            }
            for (int miss = 0; miss < 500; ++miss) {
                FlowKey k = random_key();
                uint8_t p = rng() % 2 ? 6 : 17;
                EXPECT_EQ(t.contains(p, k), index.count(ref(p, k)) == 1);
            }
        }
    }
}

TEST(FlowTable, ReapRemovesWhatWasIdleLongEnough) {
    const int64_t timeout = 10 * sec, tick = timeout / 8;  // the wheel's granularity
    FlowTable t;
    t.configure(udp_only(timeout), FlowTable::max_capacity, 1, 0);
    std::mt19937 rng(3);
    std::vector<std::pair<FlowKey, int64_t>> flows;
    for (uint32_t i = 0; i < 20000; ++i) {
        FlowKey k{i + 1, 7, uint16_t(i), 9};
        int64_t used = int64_t(rng() % 30'000) * 1'000'000;  // within the first 30 s
        ASSERT_NE(t.insert(17, k, k, 0, 0, 0, 0, used), nullptr);
        flows.push_back({k, used});
    }
    for (int64_t now = 0; now <= 45 * sec; now += sec / 3) {
        t.reap(now);
        for (const auto& [k, used] : flows) {
            if (used + timeout > now) {
                EXPECT_TRUE(t.contains(17, k)) << now;  // never early
            }
            if (used + timeout + tick <= now) {
                EXPECT_FALSE(t.contains(17, k)) << now;  // at most a tick late
            }
        }
    }
    EXPECT_EQ(t.size(), 0u);
}

TEST(FlowTable, SmallerCapacityKeepsTheMappingsDueLast) {
    FlowTable t;
    t.configure(udp_only(100 * sec, 50 * sec), FlowTable::max_capacity, 1, 0);
    for (uint32_t i = 0; i < 10; ++i) {
        FlowKey k{i + 1, 7, 1, 9};
        t.insert(17, k, k, 0, 0, 0, 0, int64_t(i) * 20 * sec);
    }
    t.set_capacity(3, 200 * sec);  // trimming ignores guarantees
    EXPECT_EQ(t.size(), 3u);
    for (uint32_t i = 0; i < 10; ++i) EXPECT_EQ(t.contains(17, {i + 1, 7, 1, 9}), i >= 7) << i;
}

TEST(FlowTable, MillionMappingsThroughIPRewriter) {
    auto b = build(
        "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1, REAP_INTERVAL 0);"
        "rw[0] -> Discard; rw[1] -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    const uint32_t n = 1'000'000;
    // Flow i: 10.x.y.z:(1024 + i % 50000) -> 192.168.(10 + i / 50000).1:53. The rewriter keeps each
    // source port (all free), so flow i's reply is (its server:53 -> 203.0.113.1:port).
    auto flow = [](uint32_t i) {
        return Flow4{
            "10." + std::to_string(i >> 16 & 255) + "." + std::to_string(i >> 8 & 255) + "." + std::to_string(i & 255),
            uint16_t(1024 + i % 50000), "192.168." + std::to_string(10 + i / 50000) + ".1", 53};
    };
    // Packets are patched from a template: the rewriter does not check checksums.
    const std::string tmpl = udp({"10.0.0.0", 1024, "192.168.10.1", 53});
    Element* in = b["in"];
    for (uint32_t i = 0; i < n;) {
        PacketBatch batch;
        for (int k = 0; k < 64 && i < n; ++k, ++i) {
            Packet* p = annotated(tmpl);
            uint8_t* d = p->mutable_data();
            d[13] = uint8_t(i >> 16), d[14] = uint8_t(i >> 8), d[15] = uint8_t(i);
            d[18] = uint8_t(10 + i / 50000);
            uint16_t port = uint16_t(1024 + i % 50000);
            d[20] = uint8_t(port >> 8), d[21] = uint8_t(port);
            batch.append(p);
        }
        in->output(0).push_batch(batch);
    }
    EXPECT_EQ(b.read("rw.table_size"), "1000000\n");
    EXPECT_EQ(b.read("rw.mapping_failures"), "0\n");
    const auto& table = b.get<IPRewriter>("rw")->table();
    double per_mapping = double(table.memory_bytes()) / n;
    std::printf("[ memory   ] %u mappings: %.1f MB, %.1f bytes per mapping\n", n, table.memory_bytes() / 1e6,
                per_mapping);
    EXPECT_LT(per_mapping, 128.0);

    // A sample of translations, looked up and exercised with real reply packets.
    auto* out = b.get<TestCollect>("out");
    for (uint32_t i = 7; i < n; i += 49999) {
        Flow4 f = flow(i);
        FlowKey k{htonl(addr(f.saddr)), htonl(addr(f.daddr)), htons(f.sport), htons(f.dport)};
        FlowTable::Hit h = table.lookup(17, k);
        ASSERT_NE(h.flow, nullptr) << i;
        EXPECT_EQ(h.flow->mapped.saddr, htonl(addr("203.0.113.1")));
        EXPECT_EQ(h.flow->mapped.sport, htons(f.sport));
        out->clear();
        b.get<TestInject>("in")->send_ip(udp({f.daddr, 53, "203.0.113.1", f.sport}, "reply"));
        ASSERT_EQ(out->data().size(), 1u);
        EXPECT_EQ(hex(out->data()[0]), hex(udp(f.reversed(), "reply"))) << i;
    }
    EXPECT_EQ(b.write("rw.clear", ""), "");
    EXPECT_EQ(b.read("rw.table_size"), "0\n");
}
