// ToDump: output files compared byte for byte with files built by hand from the libpcap
// savefile format, and read back by tcpdump and tshark when they are installed.
#include <gtest/gtest.h>

#include "testing.hh"
#include "trace_test_util.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace tracetest;

namespace {

// Ethernet (00:..:01 -> 00:..:02, IPv4) + IPv4 10.0.0.1 -> 10.0.0.2, UDP 1234 -> 9999,
// payload "abcd"; IP checksum 0x66cb computed by hand.
const std::string udp_frame = unhex(
                                  "000000000002 000000000001 0800"
                                  "45000020 00000000 401166cb 0a000001 0a000002"
                                  "04d2270f 000c0000") +
                              "abcd";

Packet* stamped(const std::string& data, int64_t ns) {
    Packet* p = Packet::make(data.data(), uint32_t(data.size()));
    p->set_timestamp_anno(Timestamp{ns});
    return p;
}

}  // namespace

TEST(ToDump, WritesTheSavefileFormat) {
    if (!little_endian_host()) GTEST_SKIP() << "expected files are written for a little-endian host";
    std::string path = temp_path("todump_golden.pcap");
    {
        auto b = build("in :: TestInject -> d :: ToDump(" + path + ");");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped(udp_frame, 1'000'000'000));
        b.get<TestInject>("in")->send(stamped("xyz", 2'500'000'999));  // microseconds: .500000
        EXPECT_EQ(b.read("d.count"), "2\n");
    }  // cleanup flushes and closes
    std::string expected =
        pcap_header(0xa1b2c3d4, 2000, 1) + pcap_record(1, 0, udp_frame) + pcap_record(2, 500000, "xyz");
    EXPECT_EQ(hex(read_file(path)), hex(expected));
    std::remove(path.c_str());
}

TEST(ToDump, SnaplenNanoAndEncap) {
    if (!little_endian_host()) GTEST_SKIP() << "expected files are written for a little-endian host";
    std::string path = temp_path("todump_snap.pcap");
    {
        auto b =
            build("in :: TestInject -> ToDump(" + path + ", SNAPLEN 4, ENCAP IP, NANO true) -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped("abcdefgh", 3'000'000'007));
        // Packets continue to the output, whole.
        EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"abcdefgh"}));
    }
    // Link type 101 (raw IP); caplen 4, len 8; nanosecond magic and fraction.
    EXPECT_EQ(hex(read_file(path)), hex(pcap_header(0xa1b23c4d, 4, 101) + pcap_record(3, 7, "abcd", 8)));
    std::string whole = temp_path("todump_whole.pcap");
    {
        auto b = build("in :: TestInject -> ToDump(" + whole + ", SNAPLEN 0, ENCAP sll);");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped(std::string(3000, 'z'), 0x7fffffffLL * 1000000000));
    }
    EXPECT_EQ(hex(read_file(whole)),
              hex(pcap_header(0xa1b2c3d4, 262144, 113) + pcap_record(0x7fffffff, 0, std::string(3000, 'z'))));
    std::remove(path.c_str());
    std::remove(whole.c_str());
}

TEST(ToDump, PullInputWithATask) {
    if (!little_endian_host()) GTEST_SKIP() << "expected files are written for a little-endian host";
    std::string path = temp_path("todump_pull.pcap");
    {
        auto b = build("in :: TestInject -> q :: Queue -> d :: ToDump(" + path + ", UNBUFFERED true);");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped("one", 5'000'001'000));
        b.get<TestInject>("in")->send(stamped("two", 6'000'000'000));
        b.router->run_for(50'000'000);
        EXPECT_EQ(b.read("d.count"), "2\n");
        EXPECT_EQ(b.read("q.length"), "0\n");
        // Unbuffered: the file is complete before cleanup.
        EXPECT_EQ(hex(read_file(path)),
                  hex(pcap_header(0xa1b2c3d4, 2000, 1) + pcap_record(5, 1, "one") + pcap_record(6, 0, "two")));
    }
    std::remove(path.c_str());
}

TEST(ToDump, Handlers) {
    std::string path = temp_path("todump_handlers.pcap");
    auto b = build("in :: TestInject -> d :: ToDump(" + path + ");");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("d.filename"), path + "\n");
    b.get<TestInject>("in")->send_batch({"a", "b", "c"});
    EXPECT_EQ(b.read("d.count"), "3\n");
    EXPECT_EQ(b.write("d.reset_counts", ""), "");
    EXPECT_EQ(b.read("d.count"), "0\n");
    EXPECT_EQ(b.write("d.flush", ""), "");
    EXPECT_EQ(read_file(path).size(), 24u + 3 * 17);
    EXPECT_EQ(b.write("d.count", "5"), "handler 'd.count' is not writable");
    std::remove(path.c_str());
}

TEST(ToDump, UnsetTimestampsGetTheCurrentTime) {
    std::string path = temp_path("todump_now.pcap");
    int64_t before = Timestamp::now().sec();
    {
        auto b = build("in :: TestInject -> ToDump(" + path + ");");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send("x");
    }
    int64_t after = Timestamp::now().sec();
    std::string f = read_file(path);
    ASSERT_EQ(f.size(), 24u + 17);
    uint32_t sec = uint8_t(f[24]) | uint8_t(f[25]) << 8 | uint8_t(f[26]) << 16 | uint32_t(uint8_t(f[27])) << 24;
    EXPECT_LE(before, int64_t(sec));
    EXPECT_LE(int64_t(sec), after);
    std::remove(path.c_str());
}

TEST(ToDump, ReadableByTcpdump) {
    if (!have_tool("tcpdump")) GTEST_SKIP() << "tcpdump is not installed";
    std::string path = temp_path("todump_tcpdump.pcap");
    {
        auto b = build("in :: TestInject -> ToDump(" + path + ");");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped(udp_frame, 1'000'000'000));
        b.get<TestInject>("in")->send(stamped(udp_frame, 1'250'000'000));
    }
    std::string out = run("tcpdump -nn -tt -r " + path);
    EXPECT_EQ(out,
              "1.000000 IP 10.0.0.1.1234 > 10.0.0.2.9999: UDP, length 4\n"
              "1.250000 IP 10.0.0.1.1234 > 10.0.0.2.9999: UDP, length 4\n");
    std::remove(path.c_str());
}

TEST(ToDump, ReadableByTshark) {
    if (!have_tool("tshark")) GTEST_SKIP() << "tshark is not installed";
    std::string eth = temp_path("todump_tshark_eth.pcap"), ip = temp_path("todump_tshark_ip.pcap");
    {
        auto b = build("in :: TestInject -> ToDump(" + eth + ", SNAPLEN 30); in2 :: TestInject -> ToDump(" + ip +
                       ", ENCAP IP, NANO true);");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped(udp_frame, 7'000'000'000));
        b.get<TestInject>("in2")->send(stamped(udp_frame.substr(14), 8'000'000'123));
    }
    EXPECT_EQ(run("tshark -r " + eth + " -T fields -E separator=, -e frame.len -e frame.cap_len -e eth.type -e ip.src"),
              "46,30,0x0800,10.0.0.1\n");
    EXPECT_EQ(
        run("tshark -r " + ip + " -T fields -E separator=, -e frame.time_epoch -e frame.len -e ip.dst -e udp.dstport"),
        "8.000000123,32,10.0.0.2,9999\n");
    std::remove(eth.c_str());
    std::remove(ip.c_str());
}

TEST(ToDump, UseEncapFrom) {
    if (!little_endian_host()) GTEST_SKIP() << "expected files are written for a little-endian host";
    std::string in = temp_path("encapfrom_in.pcap"), out = temp_path("encapfrom_out.pcap");
    write_file(in, pcap_header(0xa1b2c3d4, 100, 101) + pcap_record(9, 10, "data"));
    {
        auto b = build("fd :: FromDump(" + in + ") -> ToDump(" + out + ", USE_ENCAP_FROM fd);");
        ASSERT_TRUE(b.router) << b.errors;
        b.router->run_for(50'000'000);
    }
    EXPECT_EQ(hex(read_file(out)), hex(pcap_header(0xa1b2c3d4, 2000, 101) + pcap_record(9, 10, "data")));
    std::remove(in.c_str());
    std::remove(out.c_str());
}

TEST(ToDump, BadArguments) {
    std::string path = temp_path("todump_bad.pcap");
    EXPECT_EQ(errors_of("TestInject -> ToDump(" + path + ", ENCAP TOKENRING);"),
              "test.click:1:15: ToDump@2 :: ToDump: ENCAP: unknown encapsulation 'TOKENRING'\n");
    EXPECT_EQ(errors_of("TestInject -> ToDump(" + path + ", ENCAP IP, USE_ENCAP_FROM x);"),
              "test.click:1:15: ToDump@2 :: ToDump: give at most one of ENCAP and USE_ENCAP_FROM\n");
    EXPECT_EQ(errors_of("TestInject -> ToDump();"),
              "test.click:1:15: ToDump@2 :: ToDump: missing mandatory FILENAME argument\n");
    EXPECT_EQ(errors_of("TestInject -> ToDump(" + path + ", USE_ENCAP_FROM nobody);"),
              "test.click:1:15: ToDump@2 :: ToDump: USE_ENCAP_FROM: no element named 'nobody'\n");
    EXPECT_EQ(errors_of("TestInject -> ToDump(/nonexistent/dir/x.pcap);"),
              "test.click:1:15: ToDump@2 :: ToDump: /nonexistent/dir/x.pcap: No such file or directory\n");
    std::remove(path.c_str());
}

TEST(ToDump, DashWritesTheStandardOutput) {
    if (!little_endian_host()) GTEST_SKIP() << "expected files are written for a little-endian host";
    ::testing::internal::CaptureStdout();
    {
        auto b = build("in :: TestInject -> ToDump(-, ENCAP IP);");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(stamped("ip", 1'000'000'000));
    }
    EXPECT_EQ(hex(::testing::internal::GetCapturedStdout()),
              hex(pcap_header(0xa1b2c3d4, 2000, 101) + pcap_record(1, 0, "ip")));
}
