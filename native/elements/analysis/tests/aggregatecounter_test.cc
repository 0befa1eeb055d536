// AggregateCounter: counts and file contents worked out by hand from the packets sent and the
// documented file formats.
#include "analysis/aggregatecounter.hh"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "analysis_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace analysis_test;

namespace {

std::string temp_file(const std::string& name) {
    return ::testing::TempDir() + "clickos_aggcounter_" + std::to_string(::getpid()) + "_" + name;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void send(Built& b, const char* input, uint32_t aggregate, size_t bytes = 10) {
    b.get<TestInject>(input)->send(with_aggregate(stamped(std::string(bytes, 'x'), 1), aggregate));
}

std::string le32(uint32_t v) {
    return std::string{char(v & 255), char(v >> 8 & 255), char(v >> 16 & 255), char(v >> 24)};
}

}  // namespace

TEST(AggregateCounter, CountsPerAggregateAndWritesFiles) {
    auto b = build("in :: TestInject -> ac :: AggregateCounter(BANNER \"# test\") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (uint32_t a : {7u, 3u, 7u, 2147483648u, 7u}) send(b, "in", a);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 5u);
    EXPECT_EQ(b.read("ac.nagg"), "3\n");

    const std::string text = temp_file("text"), ip = temp_file("ip"), packed = temp_file("packed");
    EXPECT_EQ(b.write("ac.write_text_file", text), "");
    EXPECT_EQ(slurp(text), "!IPAggregate 1.0\n# test\n!num_nonzero 3\n3 1\n7 3\n2147483648 1\n");
    EXPECT_EQ(b.write("ac.write_ip_file", ip), "");
    EXPECT_EQ(slurp(ip), "!IPAggregate 1.0\n# test\n!num_nonzero 3\n!ip\n0.0.0.3 1\n0.0.0.7 3\n128.0.0.0 1\n");
    EXPECT_EQ(b.write("ac.write_file", packed), "");
    uint16_t probe = 1;
    bool little = *reinterpret_cast<uint8_t*>(&probe) == 1;
    ASSERT_TRUE(little) << "the expected records below are little-endian";
    EXPECT_EQ(slurp(packed), "!IPAggregate 1.0\n# test\n!num_nonzero 3\n!packed_le\n" + le32(3) + le32(1) + le32(7) +
                                 le32(3) + le32(2147483648u) + le32(1));
    for (const auto& f : {text, ip, packed}) std::remove(f.c_str());
    EXPECT_EQ(b.write("ac.write_text_file", "/nonexistent/dir/file"),
              "/nonexistent/dir/file: No such file or directory");
    EXPECT_EQ(b.write("ac.write_text_file", ""), "write_text_file: expected a file name or '-'");
}

TEST(AggregateCounter, BytesFreezeSecondInputAndTwoOutputs) {
    auto b = build(
        "in :: TestInject -> ac :: AggregateCounter(BYTES true, IP_BYTES true); in2 :: TestInject -> [1]ac;"
        "ac[0] -> counted :: TestCollect; ac[1] -> skipped :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // 14 bytes of link header before a 28-byte UDP packet: 28 IP bytes counted.
    std::string frame = std::string(14, '\0') + nat_test::udp({"10.0.0.1", 1, "10.0.0.2", 2}, "");
    Packet* p = TestInject::make(frame);
    p->set_network_header(p->data() + 14, 20);
    b.get<TestInject>("in")->send(with_aggregate(p, 1));
    send(b, "in", 2, 100);  // no network header: all 100 bytes
    send(b, "in2", 1, 5);   // known aggregate on the frozen input: counted
    send(b, "in2", 9, 5);   // new aggregate on the frozen input: not counted
    EXPECT_EQ(b.write("ac.freeze", "true"), "");
    EXPECT_EQ(b.read("ac.freeze"), "true\n");
    send(b, "in", 3, 5);  // frozen now
    send(b, "in", 2, 1);
    EXPECT_EQ(b.get<TestCollect>("counted")->packets.size(), 4u);
    EXPECT_EQ(b.get<TestCollect>("skipped")->packets.size(), 2u);
    const std::string text = temp_file("bytes");
    EXPECT_EQ(b.write("ac.write_text_file", text), "");
    EXPECT_EQ(slurp(text), "!IPAggregate 1.0\n!num_nonzero 2\n1 33\n2 101\n");
    std::remove(text.c_str());
    EXPECT_EQ(b.write("ac.active", "false"), "");
    send(b, "in", 1, 5);
    EXPECT_EQ(b.get<TestCollect>("skipped")->packets.size(), 3u);
    EXPECT_EQ(b.write("ac.freeze", "maybe"), "freeze: expected boolean (true/false)");
}

TEST(AggregateCounter, ThresholdsAndCountsPdf) {
    auto b = build(
        "in :: TestInject -> ac :: AggregateCounter(AGGREGATE_FREEZE 2, COUNT_CALL 5 ac.banner five) -> out :: "
        "TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    for (uint32_t a : {1u, 2u, 3u, 1u, 2u, 1u}) send(b, "in", a);
    // 3 arrived after the freeze (two aggregates): not counted. The fifth counted packet calls.
    EXPECT_EQ(b.read("ac.nagg"), "2\n");
    EXPECT_EQ(b.read("ac.banner"), "five");
    EXPECT_EQ(b.read("ac.count_call"), "5 ac.banner five\n");
    EXPECT_EQ(b.read("ac.aggregate_call"), "");
    // Counts {1: 3, 2: 2} become the distribution {3: 1, 2: 1}.
    EXPECT_EQ(b.write("ac.counts_pdf", ""), "");
    const std::string text = temp_file("pdf");
    EXPECT_EQ(b.write("ac.banner", ""), "");
    EXPECT_EQ(b.write("ac.write_text_file", text), "");
    EXPECT_EQ(slurp(text), "!IPAggregate 1.0\n!num_nonzero 2\n2 1\n3 1\n");
    std::remove(text.c_str());
    EXPECT_EQ(b.write("ac.clear", ""), "");
    EXPECT_EQ(b.read("ac.nagg"), "0\n");
    EXPECT_EQ(b.write("ac.aggregate_call", "soon ac.stop"), "aggregate_call: expected 'N HANDLER [VALUE]'");

    auto s = build("in :: TestInject -> ac :: AggregateCounter(COUNT_STOP 2) -> Discard;");
    ASSERT_TRUE(s.router) << s.errors;
    send(s, "in", 1);
    EXPECT_EQ(s.router->stop_requests(), 0);
    send(s, "in", 1);
    EXPECT_EQ(s.router->stop_requests(), 1);
    EXPECT_EQ(s.write("ac.stop", ""), "");
    EXPECT_EQ(s.read("ac.active"), "false\n");
}

TEST(AggregateCounter, BadArguments) {
    auto errors = [](const std::string& args) {
        return errors_of("TestInject -> ac :: AggregateCounter(" + args + ") -> Discard;");
    };
    EXPECT_EQ(errors("AGGREGATE_STOP 1, AGGREGATE_FREEZE 2"),
              "test.click:1:15: ac :: AggregateCounter: give at most one of AGGREGATE_STOP, AGGREGATE_FREEZE and "
              "AGGREGATE_CALL\n");
    std::string c = "TestInject -> ac :: AggregateCounter(COUNT_CALL lots) -> Discard;";
    EXPECT_EQ(errors_of(c), "test.click:1:" + nat_test::col(c, "COUNT_CALL") +
                                ": ac :: AggregateCounter: COUNT_CALL: expected 'N HANDLER [VALUE]'\n");
    c = "TestInject -> ac :: AggregateCounter(BYTES often) -> Discard;";
    EXPECT_NE(errors_of(c).find("test.click:1:" + nat_test::col(c, "BYTES") + ": ac :: AggregateCounter: BYTES"),
              std::string::npos)
        << errors_of(c);
}
