// HashSwitch, RandomSwitch, RoundRobinSwitch, Switch, StaticSwitch: outputs derived from
// their documented behaviour.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "classification/hashswitch.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

std::string wire(const std::string& element, int n) {
    std::string c = "in :: TestInject -> sw :: " + element + ";\n";
    for (int i = 0; i < n; ++i) c += "sw[" + std::to_string(i) + "] -> o" + std::to_string(i) + " :: TestCollect;\n";
    return c;
}

std::vector<size_t> counts(const Built& b, int n) {
    std::vector<size_t> v;
    for (int i = 0; i < n; ++i) v.push_back(b.get<TestCollect>("o" + std::to_string(i))->packets.size());
    return v;
}

// The output holding packet `data` (each packet sent once), or -1.
int where(const Built& b, int n, const std::string& data) {
    for (int i = 0; i < n; ++i)
        for (const auto& d : b.get<TestCollect>("o" + std::to_string(i))->data())
            if (d == data) return i;
    return -1;
}

// A 64-byte Ethernet/IPv4/UDP frame for flow (src port, dst port); `tag` changes a byte
// outside the addresses and ports (the IP identification field).
std::string udp_frame(uint16_t sport, uint16_t dport, uint8_t tag = 0) {
    std::string f = unhex("66778899aabb 001122334455 0800 4500 0032") + std::string(1, char(tag)) +
                    unhex("00 0000 4011 0000 0a000001 c0a80107");
    f += std::string(1, char(sport >> 8)) + char(sport & 0xff) + char(dport >> 8) + char(dport & 0xff);
    f += unhex("001e 0000");
    f.resize(64, 'x');
    return f;
}

}  // namespace

TEST(HashSwitch, SameBytesSameOutput) {
    auto b = build(wire("HashSwitch(26, 12)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    // Packets of one flow, differing only outside bytes 26..37, all take one output.
    std::vector<std::string> flow;
    for (uint8_t tag = 0; tag < 20; ++tag) flow.push_back(udp_frame(1000, 53, tag));
    b.get<TestInject>("in")->send_batch(flow);
    for (const auto& f : flow) b.get<TestInject>("in")->send(f);  // single-packet path
    auto c = counts(b, 4);
    std::sort(c.begin(), c.end());
    EXPECT_EQ(c, (std::vector<size_t>{0, 0, 0, 40}));
}

TEST(HashSwitch, FlowsSpreadOverOutputs) {
    auto b = build(wire("HashSwitch(26, 12)", 4));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts;
    for (uint16_t port = 0; port < 2000; ++port) pkts.push_back(udp_frame(uint16_t(1024 + port), 53));
    for (size_t i = 0; i < pkts.size(); i += 32)
        b.get<TestInject>("in")->send_batch(
            std::vector<std::string>(pkts.begin() + long(i), pkts.begin() + long(std::min(i + 32, pkts.size()))));
    // 2000 flows over 4 outputs: about 500 each (a fair choice has a standard deviation of
    // about 19; allow far more).
    for (size_t n : counts(b, 4)) {
        EXPECT_GT(n, 400u);
        EXPECT_LT(n, 600u);
    }
    // Three outputs: about 667 each.
    auto three = build(wire("HashSwitch(26, 12)", 3));
    ASSERT_TRUE(three.router) << three.errors;
    three.get<TestInject>("in")->send_batch(pkts);
    for (size_t n : counts(three, 3)) {
        EXPECT_GT(n, 560u);
        EXPECT_LT(n, 780u);
    }
    // Sending the same flows again reproduces each choice.
    auto first = where(b, 4, pkts[7]);
    auto again = build(wire("HashSwitch(26, 12)", 4));
    again.get<TestInject>("in")->send(pkts[7]);
    EXPECT_EQ(where(again, 4, pkts[7]), first);
}

TEST(HashSwitch, ShortPacketsGoToOutputZero) {
    auto b = build(wire("HashSwitch(26, 12)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    std::string p37(37, 'a'), empty;
    b.get<TestInject>("in")->send_batch({p37, empty});
    b.get<TestInject>("in")->send(std::string(10, 'z'));
    EXPECT_EQ(counts(b, 3), (std::vector<size_t>{3, 0, 0}));
}

TEST(HashSwitch, OneOutputTakesEverything) {
    auto b = build("in :: TestInject -> HashSwitch(0, 4) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"abcd", "efgh", "ijkl", "xy"});
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 4u);
}

TEST(HashSwitch, HashDependsOnEveryHashedByte) {
    // Changing any one of the hashed bytes changes the 64-bit hash.
    uint8_t base[13] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    std::set<uint64_t> seen{HashSwitch::hash(base, 13)};
    for (int i = 0; i < 13; ++i) {
        uint8_t v[13];
        std::memcpy(v, base, 13);
        v[i] ^= 0x80;
        seen.insert(HashSwitch::hash(v, 13));
    }
    EXPECT_EQ(seen.size(), 14u);
}

TEST(HashSwitch, BadArguments) {
    EXPECT_EQ(errors_of(wire("HashSwitch(26, 0)", 2)),
              "test.click:1:21: sw :: HashSwitch: LENGTH must be at least 1\n");
    EXPECT_EQ(errors_of(wire("HashSwitch(26)", 2)),
              "test.click:1:21: sw :: HashSwitch: missing mandatory LENGTH argument\n");
    EXPECT_EQ(errors_of(wire("HashSwitch(-1, 4)", 2)),
              "test.click:1:38: sw :: HashSwitch: OFFSET: expected unsigned integer\n");
}

TEST(RandomSwitch, EveryPacketGoesToSomeOutput) {
    auto b = build(wire("RandomSwitch", 4));
    ASSERT_TRUE(b.router) << b.errors;
    std::vector<std::string> pkts;
    for (int i = 0; i < 2000; ++i) pkts.push_back(std::to_string(i));
    for (size_t i = 0; i < pkts.size(); i += 50)
        b.get<TestInject>("in")->send_batch(
            std::vector<std::string>(pkts.begin() + long(i), pkts.begin() + long(i + 50)));
    for (int i = 0; i < 100; ++i) b.get<TestInject>("in")->send("single");
    size_t total = 0;
    for (size_t n : counts(b, 4)) {
        EXPECT_GT(n, 400u);  // about 525 each
        EXPECT_LT(n, 650u);
        total += n;
    }
    EXPECT_EQ(total, 2100u);
    EXPECT_EQ(errors_of(wire("RandomSwitch(3)", 2)),
              "test.click:1:40: sw :: RandomSwitch: too many arguments: '3' is not expected here\n");
}

TEST(RoundRobinSwitch, OutputsInTurn) {
    auto b = build(wire("RoundRobinSwitch", 3));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"1", "2", "3", "4"});
    b.get<TestInject>("in")->send("5");
    b.get<TestInject>("in")->send_batch({"6", "7"});
    EXPECT_EQ(b.get<TestCollect>("o0")->data(), (std::vector<std::string>{"1", "4", "7"}));
    EXPECT_EQ(b.get<TestCollect>("o1")->data(), (std::vector<std::string>{"2", "5"}));
    EXPECT_EQ(b.get<TestCollect>("o2")->data(), (std::vector<std::string>{"3", "6"}));
    EXPECT_EQ(errors_of(wire("RoundRobinSwitch(2)", 2)),
              "test.click:1:44: sw :: RoundRobinSwitch: too many arguments: '2' is not expected here\n");
}

TEST(Switch, DefaultAndConfiguredOutput) {
    auto b = build(wire("Switch", 2));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b"});
    EXPECT_EQ(counts(b, 2), (std::vector<size_t>{2, 0}));
    auto c = build(wire("Switch(1)", 2));
    ASSERT_TRUE(c.router) << c.errors;
    c.get<TestInject>("in")->send("a");
    c.get<TestInject>("in")->send_batch({"b"});
    EXPECT_EQ(counts(c, 2), (std::vector<size_t>{0, 2}));
}

TEST(Switch, HandlerChangesTheOutput) {
    auto b = build(wire("Switch(0)", 3));
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("sw.switch"), "0\n");
    EXPECT_EQ(b.write("sw.switch", "2"), "");
    EXPECT_EQ(b.read("sw.switch"), "2\n");
    b.get<TestInject>("in")->send_batch({"x", "y"});
    EXPECT_EQ(counts(b, 3), (std::vector<size_t>{0, 0, 2}));
    // A rejected write leaves the output alone.
    EXPECT_EQ(b.write("sw.switch", "left"), "switch: expected integer");
    EXPECT_EQ(b.read("sw.switch"), "2\n");
    // Negative: drop.
    EXPECT_EQ(b.write("sw.switch", "-4"), "");
    EXPECT_EQ(b.read("sw.switch"), "-4\n");
    b.get<TestInject>("in")->send_batch({"z"});
    b.get<TestInject>("in")->send("w");
    EXPECT_EQ(counts(b, 3), (std::vector<size_t>{0, 0, 2}));
    // Past the last output: drop too, as in Click.
    EXPECT_EQ(b.write("sw.switch", "1"), "");
    EXPECT_EQ(b.write("sw.switch", "3"), "");
    EXPECT_EQ(b.read("sw.switch"), "-1\n");
    b.get<TestInject>("in")->send("v");
    EXPECT_EQ(counts(b, 3), (std::vector<size_t>{0, 0, 2}));
}

TEST(Switch, BadArguments) {
    EXPECT_EQ(errors_of(wire("Switch(2)", 2)), "test.click:1:21: sw :: Switch: OUTPUT is 2 but there are 2 outputs\n");
    EXPECT_EQ(errors_of("in :: TestInject -> sw :: Switch(1) -> TestCollect;"),
              "test.click:1:21: sw :: Switch: OUTPUT is 1 but there is 1 output\n");
    EXPECT_EQ(errors_of(wire("Switch(one)", 2)), "test.click:1:34: sw :: Switch: OUTPUT: expected integer\n");
}

TEST(StaticSwitch, FixedOutputOrDrop) {
    auto b = build(wire("StaticSwitch(1)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({"a", "b"});
    b.get<TestInject>("in")->send("c");
    EXPECT_EQ(counts(b, 2), (std::vector<size_t>{0, 3}));
    EXPECT_EQ(b.read("sw.switch").substr(0, 6), "ERROR:");  // no run-time switch
    for (const char* out : {"-1", "2", "9"}) {
        auto d = build(wire(std::string("StaticSwitch(") + out + ")", 2));
        ASSERT_TRUE(d.router) << d.errors;
        d.get<TestInject>("in")->send_batch({"a", "b"});
        d.get<TestInject>("in")->send("c");
        EXPECT_EQ(counts(d, 2), (std::vector<size_t>{0, 0})) << out;
    }
    EXPECT_EQ(errors_of(wire("StaticSwitch", 2)),
              "test.click:1:21: sw :: StaticSwitch: missing mandatory OUTPUT argument\n");
}

TEST(HashSwitch, NeverReadsPastThePacket) {
    auto b = build(wire("HashSwitch(2, 5)", 2));
    ASSERT_TRUE(b.router) << b.errors;
    for (uint32_t len = 0; len <= 8; ++len) {
        auto* buf = new uint8_t[len ? len : 1]();
        b.get<TestInject>("in")->send(Packet::make_external(
            buf, len, 0, len, [](uint8_t* p, size_t, void*) { delete[] p; }, nullptr));
    }
    // Lengths 0-6 are too short for bytes 2..6: output 0. Lengths 7 and 8 hash the same
    // five zero bytes, so they share an output.
    auto c = counts(b, 2);
    EXPECT_EQ(c[0] + c[1], 9u);
    EXPECT_TRUE(c[0] == 7 || c[0] == 9) << c[0];
}
