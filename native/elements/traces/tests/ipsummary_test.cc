// ToIPSummaryDump and FromIPSummaryDump: dump lines and packets written by hand from the
// IP summary dump format and the IPv4/TCP/UDP/ICMP header layouts (checksums computed by
// hand), cross-checked with tshark when it is installed.
#include <gtest/gtest.h>

#include "testing.hh"
#include "trace_test_util.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace tracetest;

namespace {

const char* all_fields = "timestamp ip_src ip_dst ip_proto sport dport ip_len ip_id ip_ttl tcp_flags payload_len count";

Packet* stamped(const std::string& data, int64_t ns) {
    Packet* p = Packet::make(data.data(), uint32_t(data.size()));
    p->set_timestamp_anno(Timestamp{ns});
    return p;
}

struct TextFile {
    std::string path;
    TextFile(const std::string& name, const std::string& text) : path(temp_path(name)) { write_file(path, text); }
    ~TextFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST(ToIPSummaryDump, WritesOneLinePerPacket) {
    std::string path = temp_path("tosum_golden.txt");
    {
        auto b = build(std::string("in :: TestInject -> d :: ToIPSummaryDump(") + path + ", FIELDS " + all_fields +
                       ") -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        auto* in = b.get<TestInject>("in");
        // TCP SYN+ACK 10.0.0.1:80 -> 10.0.0.2:8080, IP length 44, ID 0x1234, DF, TTL 64, 4 bytes of data.
        in->send(stamped(unhex("4500002c 12344000 40060000 0a000001 0a000002"
                               "00501f90 00000001 00000002 50120000 00000000 61626364"),
                         1'500'000'000));
        // UDP behind an Ethernet header, found through the network header annotation.
        Packet* udp = stamped(unhex("ffffffffffff 000000000001 0800"
                                    "4500001e 00070000 20110000 c0a80001 c0a800ff"
                                    "00350400 000a0000 6869"),
                              2'000'001'000);
        udp->set_network_header(udp->data() + 14, 20);
        in->send(udp);
        // ICMP echo, TTL 255.
        in->send(stamped(unhex("4500001c 00000000 ff010000 0a010101 0a010102 08000000 00000000"), 3'000'000'000));
        // Not IP at all.
        in->send(stamped("hello", 4'000'000'000));
        // TCP without flags whose IP length (100) is more than was captured (40 bytes).
        in->send(
            stamped(unhex("45000064 00000000 01060000 01020304 05060708 00010002 00000000 00000000 50000000 00000000"),
                    5'000'000'000));
        EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 5u);
        EXPECT_EQ(b.read("d.count"), "5\n");
    }
    EXPECT_EQ(read_file(path), std::string("!IPSummaryDump 1.3\n!data ") + all_fields +
                                   "\n"
                                   "1.500000 10.0.0.1 10.0.0.2 T 80 8080 44 4660 64 SA 4 1\n"
                                   "2.000001 192.168.0.1 192.168.0.255 U 53 1024 30 7 32 - 2 1\n"
                                   "3.000000 10.1.1.1 10.1.1.2 I - - 28 0 255 - 8 1\n"
                                   "4.000000 - - - - - - - - - - 1\n"
                                   "!bad truncated IP length\n"
                                   "5.000000 1.2.3.4 5.6.7.8 T 1 2 100 0 1 . 60 1\n");
    std::remove(path.c_str());
}

TEST(ToIPSummaryDump, HeaderOptionsAndDefaults) {
    std::string a = temp_path("tosum_a.txt"), c = temp_path("tosum_c.txt"), d = temp_path("tosum_d.txt");
    {
        auto b = build("in :: TestInject -> t :: Tee(3); t[0] -> ToIPSummaryDump(" + a +
                       ", BANNER \"my tool\", VERBOSE true); t[1] -> ToIPSummaryDump(" + c +
                       ", HEADER false, CONTENTS \"ip src\" ttl flags); t[2] -> ToIPSummaryDump(" + d +
                       ", CAREFUL_TRUNC false, FIELDS ip_len);");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send(unhex("45000064 00000000 11060000 0a000001 0a000002 00010002"));
    }
    std::string text = read_file(a);
    std::string start = "!IPSummaryDump 1.3\n!creator \"my tool\"\n!runtime ";
    EXPECT_EQ(text.substr(0, start.size()), start);
    EXPECT_EQ(text.substr(text.find("\n!data")),
              "\n!data ip_src ip_dst\n!bad truncated IP length\n10.0.0.1 10.0.0.2\n");
    // The TCP flags byte was not captured; CAREFUL_TRUNC does not depend on HEADER.
    EXPECT_EQ(read_file(c), "!bad truncated IP length\n10.0.0.1 17 -\n");
    EXPECT_EQ(read_file(d), "!IPSummaryDump 1.3\n!data ip_len\n100\n");
    for (const auto& f : {a, c, d}) std::remove(f.c_str());
}

TEST(ToIPSummaryDump, PullInputAndHandlers) {
    std::string path = temp_path("tosum_pull.txt");
    auto b = build("in :: TestInject -> q :: Queue -> d :: ToIPSummaryDump(" + path + ", FIELDS ip_dst);");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(unhex("45000014 00000000 40000000 01010101 02020202"));
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.read("d.count"), "1\n");
    EXPECT_EQ(b.read("d.filename"), path + "\n");
    EXPECT_EQ(b.write("d.flush", ""), "");
    EXPECT_EQ(read_file(path), "!IPSummaryDump 1.3\n!data ip_dst\n2.2.2.2\n");
    EXPECT_EQ(b.write("d.count", "0"), "handler 'd.count' is not writable");
    std::remove(path.c_str());
}

TEST(ToIPSummaryDump, BadArguments) {
    std::string path = temp_path("tosum_bad.txt");
    EXPECT_EQ(errors_of("TestInject -> ToIPSummaryDump(" + path + ", FIELDS ip_src tcp_window);"),
              "test.click:1:15: ToIPSummaryDump@2 :: ToIPSummaryDump: FIELDS: unknown field 'tcp_window'\n");
    EXPECT_EQ(errors_of("TestInject -> ToIPSummaryDump(" + path + ", BINARY true);"),
              "test.click:1:15: ToIPSummaryDump@2 :: ToIPSummaryDump: BINARY true is not supported: ClickOS writes "
              "text dumps\n");
    EXPECT_EQ(errors_of("TestInject -> ToIPSummaryDump(" + path + ", FIELDS \"\");"),
              "test.click:1:15: ToIPSummaryDump@2 :: ToIPSummaryDump: FIELDS: no fields\n");
    EXPECT_EQ(errors_of("TestInject -> ToIPSummaryDump(" + path + ", FIELDS ip_src, CONTENTS ip_dst);"),
              "test.click:1:15: ToIPSummaryDump@2 :: ToIPSummaryDump: give at most one of FIELDS and CONTENTS\n");
    std::remove(path.c_str());
}

TEST(FromIPSummaryDump, BuildsPacketsFromLines) {
    TextFile f("fromsum.txt",
               "!IPSummaryDump 1.3\n"
               "!creator \"hand\"\n"
               "# a comment\n"
               "!data timestamp ip_src ip_dst ip_proto sport dport ip_len ip_id ip_ttl tcp_flags\n"
               "1.5 10.0.0.1 10.0.0.2 T 80 8080 40 1 64 SA\n"
               "2.25 192.168.1.1 192.168.1.2 U 5000 53 28 7 - -\n"
               "\n"
               "3 1.1.1.1\n"
               "4 1.1.1.1 2.2.2.2 Q\n");
    auto b = build("s :: FromIPSummaryDump(" + f.path + ") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.router->run_for(100'000'000);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(),
              "s :: FromIPSummaryDump: " + f.path + ":9: skipping line: bad ip_proto 'Q'\n");
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 3u);
    EXPECT_EQ(hex(out->data()[0]),
              "45000028000100004006"
              "66cd"
              "0a0000010a000002"
              "00501f90000000000000000050120000"
              "00000000");
    EXPECT_EQ(hex(out->data()[1]),
              "4500001c000700006411"
              "d376"
              "c0a80101c0a80102"
              "1388003500080000");
    // Missing fields: destination 0.0.0.0, protocol TCP (PROTO's default), TTL 100.
    EXPECT_EQ(hex(out->data()[2]),
              "45000028000000006406"
              "54cf"
              "0101010100000000"
              "0000000000000000000000005000000000000000");
    EXPECT_EQ(out->packets[0]->timestamp_anno().ns, 1'500'000'000);
    EXPECT_EQ(out->packets[1]->timestamp_anno().ns, 2'250'000'000);
    EXPECT_EQ(out->packets[0]->network_header(), out->packets[0]->data());
    EXPECT_EQ(out->packets[0]->transport_header(), out->packets[0]->data() + 20);
    EXPECT_EQ(b.read("s.count"), "3\n");
    EXPECT_EQ(b.read("s.encap"), "IP\n");
    EXPECT_EQ(b.read("s.filepos"), std::to_string(read_file(f.path).size()) + "\n");
}

TEST(FromIPSummaryDump, ContentsPayloadLengthAndChecksums) {
    TextFile f("fromsum_contents.txt", "1.0.0.1 1.0.0.2 U 10 5000 53\n192.168.1.1 192.168.1.2 U 0 5000 53\n");
    auto b = build("s :: FromIPSummaryDump(" + f.path +
                   ", CONTENTS ip_src ip_dst ip_proto payload_len sport dport, CHECKSUM true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 2u);
    // 20 + 8 + 10 bytes; UDP length 18.
    EXPECT_EQ(got[0].size(), 38u);
    EXPECT_EQ(hex(got[0].substr(20, 6)), "138800350012");
    // UDP checksum over the pseudo-header and the 8-byte datagram, by hand: 0x68cd.
    EXPECT_EQ(hex(got[1].substr(20)), "13880035000868cd");
}

TEST(FromIPSummaryDump, UnknownFieldsMultipacketAndProto) {
    TextFile f("fromsum_multi.txt", "!data ip_src foo count\n1.1.1.1 zzz 3\n2.2.2.2 - 0\n3.3.3.3\n");
    auto b = build("multi :: FromIPSummaryDump(" + f.path +
                   ", MULTIPACKET true, PROTO 17) -> m :: TestCollect;"
                   "single :: FromIPSummaryDump(" +
                   f.path + ") -> o :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.router->run_for(100'000'000);
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("multi :: FromIPSummaryDump: " + f.path + ":1: ignoring unknown field 'foo'\n"),
              std::string::npos);
    auto m = b.get<TestCollect>("m")->data();
    // count 3: three packets; count 0: none; no count: one.
    ASSERT_EQ(m.size(), 4u);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(hex(m[i].substr(12, 4)), "01010101");
    EXPECT_EQ(hex(m[3].substr(12, 4)), "03030303");
    EXPECT_EQ(uint8_t(m[0][9]), 17);  // PROTO
    EXPECT_EQ(m[0].size(), 28u);      // IP + UDP headers
    EXPECT_EQ(b.get<TestCollect>("o")->packets.size(), 3u);
}

TEST(FromIPSummaryDump, RoundTripThroughToIPSummaryDump) {
    std::string lines =
        "1.500000 10.0.0.1 10.0.0.2 T 80 8080 44 4660 64 SA 4 1\n"
        "2.000001 192.168.0.1 192.168.0.255 U 53 1024 30 7 32 - 2 1\n"
        "3.000000 10.1.1.1 10.1.1.2 I - - 28 0 255 - 8 1\n"
        "4.250000 10.0.0.3 10.0.0.4 T 1 2 52 9 3 FSRPAUECN 12 1\n"
        "5.000000 10.0.0.3 10.0.0.4 47 - - 20 0 3 - 0 1\n";
    std::string header = std::string("!IPSummaryDump 1.3\n!data ") + all_fields + "\n";
    TextFile in("roundtrip_in.txt", header + lines);
    std::string out = temp_path("roundtrip_out.txt");
    {
        auto b = build("FromIPSummaryDump(" + in.path + ", STOP true) -> ToIPSummaryDump(" + out + ", FIELDS " +
                       all_fields + ");");
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_TRUE(b.router->run_for(1'000'000'000));
    }
    EXPECT_EQ(read_file(out), header + lines);
    std::remove(out.c_str());
}

TEST(FromIPSummaryDump, ChecksumsAcceptedByTshark) {
    if (!have_tool("tshark")) GTEST_SKIP() << "tshark is not installed";
    TextFile in("tshark_in.txt",
                "!data ip_src ip_dst ip_proto sport dport payload_len tcp_flags\n"
                "10.0.0.1 10.0.0.2 T 1000 80 5 S\n"
                "10.0.0.1 10.0.0.2 U 1000 9999 3 -\n"
                "10.0.0.1 10.0.0.2 I - - 4 -\n");
    std::string pcap = temp_path("tshark_sum.pcap");
    {
        auto b =
            build("FromIPSummaryDump(" + in.path + ", CHECKSUM true, STOP true) -> ToDump(" + pcap + ", ENCAP IP);");
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_TRUE(b.router->run_for(1'000'000'000));
    }
    // Status 1 is "Good" (the checksum was verified).
    EXPECT_EQ(run("tshark -r " + pcap +
                  " -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE"
                  " -T fields -E separator=, -e ip.len -e ip.checksum.status -e tcp.checksum.status"
                  " -e udp.checksum.status -e icmp.checksum_bad"),
              "45,1,1,,\n31,1,,1,\n32,1,,,\n");
    std::remove(pcap.c_str());
}

TEST(FromIPSummaryDump, TimingAndPullMode) {
    TextFile f("fromsum_timing.txt", "!data timestamp ip_src\n10 1.1.1.1\n10.2 2.2.2.2\n");
    auto b = build("s :: FromIPSummaryDump(" + f.path + ", TIMING true) -> u :: Unqueue -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    b.router->run_for(1'000'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 2u);
}

TEST(FromIPSummaryDump, MissingBinaryAndFieldlessFiles) {
    EXPECT_EQ(errors_of("FromIPSummaryDump(/nonexistent/sum.txt) -> Discard;"),
              "test.click:1:1: FromIPSummaryDump@1 :: FromIPSummaryDump: /nonexistent/sum.txt: No such file or "
              "directory\n");
    {
        auto b = build(
            "s :: FromIPSummaryDump(/nonexistent/sum.txt, ALLOW_NONEXISTENT true, STOP true) -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_TRUE(b.router->run_for(1'000'000'000));
        EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 0u);
    }
    TextFile binary("fromsum_binary.txt", "!IPSummaryDump 1.3\n!data ip_src\n!binary\n\x01\x02\x03");
    TextFile fieldless("fromsum_fieldless.txt", "1.1.1.1\n2.2.2.2\n");
    auto b = build("a :: FromIPSummaryDump(" + binary.path + ") -> oa :: TestCollect; b :: FromIPSummaryDump(" +
                   fieldless.path + ") -> ob :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.router->run_for(100'000'000);
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("a :: FromIPSummaryDump: " + binary.path + ":3: binary IP summary dumps are not supported\n"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("b :: FromIPSummaryDump: " + fieldless.path +
                       ":1: no '!data' line or CONTENTS: the fields are unknown\n"),
              std::string::npos)
        << err;
    EXPECT_EQ(b.get<TestCollect>("oa")->packets.size(), 0u);
    EXPECT_EQ(b.get<TestCollect>("ob")->packets.size(), 0u);
}

TEST(FromIPSummaryDump, Handlers) {
    TextFile f("fromsum_handlers.txt", "!data ip_src\n1.1.1.1\n");
    auto b = build("s :: FromIPSummaryDump(" + f.path + ", ACTIVE false, SAMPLE 0.25) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("s.active"), "false\n");
    EXPECT_EQ(b.write("s.active", "2"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("s.active"), "false\n");
    EXPECT_EQ(b.read("s.sampling_prob"), "0.25\n");
    EXPECT_EQ(b.read("s.filename"), f.path + "\n");
    EXPECT_EQ(b.write("s.stop", ""), "");
    EXPECT_EQ(b.read("s.active"), "false\n");
    EXPECT_TRUE(b.router->stopped());
}

TEST(FromIPSummaryDump, BadArguments) {
    EXPECT_EQ(errors_of("FromIPSummaryDump(f, CONTENTS ip_src bogus) -> Discard;"),
              "test.click:1:1: FromIPSummaryDump@1 :: FromIPSummaryDump: CONTENTS: unknown field 'bogus'\n");
    EXPECT_EQ(errors_of("FromIPSummaryDump(f, PROTO 256) -> Discard;"),
              "test.click:1:22: FromIPSummaryDump@1 :: FromIPSummaryDump: PROTO: integer out of range (0 to 255)\n");
    EXPECT_EQ(errors_of("FromIPSummaryDump(f, SAMPLE -0.5) -> Discard;"),
              "test.click:1:1: FromIPSummaryDump@1 :: FromIPSummaryDump: SAMPLE must be between 0 and 1\n");
    EXPECT_EQ(errors_of("FromIPSummaryDump(f, BINARY true) -> Discard;"),
              "test.click:1:22: FromIPSummaryDump@1 :: FromIPSummaryDump: unknown keyword 'BINARY'\n");
}

TEST(ToIPSummaryDump, ShortAndMalformedPacketsDoNotCrash) {
    std::string path = temp_path("tosum_short.txt");
    std::string tcp =
        unhex("45000028 00000000 40060000 0a000001 0a000002 00501f90 00000001 00000002 50120000 00000000");
    std::string expected = std::string("!IPSummaryDump 1.3\n!data ") + all_fields + "\n";
    {
        auto b = build(std::string("in :: TestInject -> ToIPSummaryDump(") + path + ", FIELDS " + all_fields + ");");
        ASSERT_TRUE(b.router) << b.errors;
        for (size_t n = 0; n <= tcp.size(); ++n) b.get<TestInject>("in")->send(stamped(tcp.substr(0, n), 1));
        // A header length below 20 bytes, and one longer than the packet.
        b.get<TestInject>("in")->send(stamped(unhex("44") + tcp.substr(1), 1));
        b.get<TestInject>("in")->send(stamped(unhex("4f") + tcp.substr(1), 1));
    }
    std::string text = read_file(path);
    // Prefixes shorter than an IP header are not IP; from 20 bytes on the IP fields appear,
    // the ports from 24, the flags from 34.
    EXPECT_NE(text.find("\n0.000000 - - - - - - - - - - 1\n"), std::string::npos);
    EXPECT_NE(text.find("\n!bad truncated IP length\n0.000000 10.0.0.1 10.0.0.2 T - - 40 0 64 - - 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("\n!bad truncated IP length\n0.000000 10.0.0.1 10.0.0.2 T 80 8080 40 0 64 - - 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("\n0.000000 10.0.0.1 10.0.0.2 T 80 8080 40 0 64 SA 0 1\n"), std::string::npos);
    size_t lines = 0;
    for (char c : text) lines += c == '\n';
    EXPECT_EQ(lines, 2 + (tcp.size() + 1) + 2 + (40 - 20));  // header, packets, "!bad" for 20..39 bytes
    std::remove(path.c_str());
}

TEST(FromIPSummaryDump, GarbageLinesAreSkipped) {
    TextFile f("fromsum_garbage.txt",
               "!data timestamp ip_src ip_dst ip_proto sport dport ip_len tcp_flags count\n"
               "x y z\n"
               "1 1.1.1.1 2.2.2.2 T 99999 1 40 S 1\n"
               "1 1.1.1.1 2.2.2.2 T 1 1 70000 S 1\n"
               "1 1.1.1.1 2.2.2.2 T 1 1 40 Z 1\n"
               "1 1.1.1.1 2.2.2.2 T 1 1 40 S -1\n"
               "1.2.3 1.1.1.1\n"
               "1 300.1.1.1\n"
               "1 1.1.1.1 2.2.2.2 T 1 1 3 S 1\n"
               "1 1.1.1.1 2.2.2.2 T 1 1 40 S 1 extra fields\n"
               "\t  \n");
    auto b = build("s :: FromIPSummaryDump(" + f.path + ", CHECKSUM true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    ::testing::internal::CaptureStderr();
    b.router->run_for(100'000'000);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(),
              "s :: FromIPSummaryDump: " + f.path + ":2: skipping line: bad timestamp 'x'\n");
    auto got = b.get<TestCollect>("out")->data();
    // The IP length 3 line gives a bare IP header (20 bytes, length field 3); the last line
    // a whole TCP packet; the blank line nothing.
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].size(), 20u);
    EXPECT_EQ(hex(got[0].substr(2, 2)), "0003");
    EXPECT_EQ(got[1].size(), 40u);
}
