// FromDump: input files written by hand from the libpcap savefile format (both byte
// orders, micro- and nanosecond magics), including damaged ones.
#include <gtest/gtest.h>

#include "../pcap_format.hh"
#include "testing.hh"
#include "trace_test_util.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace tracetest;

namespace {

// Ethernet + IPv4 (10.0.0.1 -> 10.0.0.2, UDP) as in the ToDump tests; and an ARP-typed frame.
const std::string ip_frame = unhex(
                                 "000000000002 000000000001 0800"
                                 "45000020 00000000 401166cb 0a000001 0a000002"
                                 "04d2270f 000c0000") +
                             "abcd";
const std::string arp_frame = unhex("ffffffffffff 000000000001 0806") + std::string(28, '\0');

struct TraceFile {
    std::string path;
    TraceFile(const std::string& name, const std::string& bytes) : path(temp_path(name)) { write_file(path, bytes); }
    ~TraceFile() { std::remove(path.c_str()); }
};

std::vector<int64_t> timestamps(const TestCollect* c) {
    std::vector<int64_t> v;
    for (Packet* p : c->packets) v.push_back(p->timestamp_anno().ns);
    return v;
}

}  // namespace

TEST(FromDump, ReadsLittleEndianMicroseconds) {
    TraceFile f("fd_le.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(100, 250000, ip_frame) +
                                  pcap_record(101, 7, arp_frame, 60));
    auto b = build("fd :: FromDump(" + f.path + ") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    auto* out = b.get<TestCollect>("out");
    EXPECT_EQ(out->data(), (std::vector<std::string>{ip_frame, arp_frame}));
    EXPECT_EQ(timestamps(out), (std::vector<int64_t>{100'250'000'000, 101'000'007'000}));
    // Header annotations: the MAC header at the start; the IP header only in the IP frame.
    EXPECT_EQ(out->packets[0]->mac_header(), out->packets[0]->data());
    EXPECT_EQ(out->packets[0]->network_header(), out->packets[0]->data() + 14);
    EXPECT_EQ(out->packets[0]->transport_header(), out->packets[0]->data() + 34);
    EXPECT_FALSE(out->packets[1]->has_network_header());
    EXPECT_EQ(b.read("fd.count"), "2\n");
    EXPECT_EQ(b.read("fd.encap"), "ETHER\n");
    EXPECT_EQ(b.read("fd.active"), "false\n");  // the default end: "active false"
    EXPECT_EQ(b.read("fd.filepos"), std::to_string(24 + 16 + ip_frame.size() + 16 + arp_frame.size()) + "\n");
    EXPECT_EQ(b.read("fd.packet_filepos"), std::to_string(24 + 16 + ip_frame.size()) + "\n");
    EXPECT_EQ(b.read("fd.filename"), f.path + "\n");
}

TEST(FromDump, ReadsBigEndianAndNanoseconds) {
    TraceFile be("fd_be.pcap", pcap_header(0xa1b2c3d4, 96, 101, true) + pcap_record(5, 999999, "raw-ip", 0, true));
    TraceFile ns("fd_ns.pcap", pcap_header(0xa1b23c4d, 96, 1) + pcap_record(5, 123456789, "frame"));
    TraceFile nsbe("fd_nsbe.pcap", pcap_header(0xa1b23c4d, 96, 0, true) + pcap_record(6, 1, "null", 0, true));
    auto b = build("a :: FromDump(" + be.path + ") -> oa :: TestCollect; b :: FromDump(" + ns.path +
                   ") -> ob :: TestCollect; c :: FromDump(" + nsbe.path + ") -> oc :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("oa")->data(), (std::vector<std::string>{"raw-ip"}));
    EXPECT_EQ(timestamps(b.get<TestCollect>("oa")), (std::vector<int64_t>{5'999'999'000}));
    EXPECT_EQ(b.get<TestCollect>("ob")->data(), (std::vector<std::string>{"frame"}));
    EXPECT_EQ(timestamps(b.get<TestCollect>("ob")), (std::vector<int64_t>{5'123'456'789}));
    EXPECT_EQ(timestamps(b.get<TestCollect>("oc")), (std::vector<int64_t>{6'000'000'001}));
    EXPECT_EQ(b.read("a.encap"), "IP\n");
    EXPECT_EQ(b.read("c.encap"), "NULL\n");
}

TEST(FromDump, ReadsWhatToDumpWrote) {
    std::string path = temp_path("fd_roundtrip.pcap");
    {
        auto w = build("in :: TestInject -> ToDump(" + path + ", NANO true);");
        ASSERT_TRUE(w.router) << w.errors;
        for (int i = 0; i < 100; ++i) {
            Packet* p = Packet::make(ip_frame.data(), uint32_t(ip_frame.size()));
            p->set_timestamp_anno(Timestamp{1'600'000'000'000'000'000 + i * 1001});
            w.get<TestInject>("in")->send(p);
        }
    }
    auto b = build("fd :: FromDump(" + path + ", STOP true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_TRUE(b.router->run_for(2'000'000'000));  // stopped by STOP
    auto* out = b.get<TestCollect>("out");
    ASSERT_EQ(out->packets.size(), 100u);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(out->data()[size_t(i)], ip_frame);
        EXPECT_EQ(out->packets[size_t(i)]->timestamp_anno().ns, 1'600'000'000'000'000'000 + i * 1001);
    }
    std::remove(path.c_str());
}

TEST(FromDump, TruncatedAndCorruptFilesEndCleanly) {
    std::string good = pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, ip_frame);
    TraceFile cut_data("fd_cut_data.pcap", good + pcap_record(2, 0, arp_frame).substr(0, 16 + 10));
    TraceFile cut_header("fd_cut_header.pcap", good + pcap_record(2, 0, arp_frame).substr(0, 9));
    TraceFile corrupt("fd_corrupt.pcap", good + le32(2) + le32(0) + le32(0x7fffffff) + le32(0x7fffffff) + "junk");
    for (const auto* f : {&cut_data, &cut_header, &corrupt}) {
        auto b = build("fd :: FromDump(" + f->path + ", STOP true) -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        ::testing::internal::CaptureStderr();
        EXPECT_TRUE(b.router->run_for(1'000'000'000)) << f->path;
        std::string err = ::testing::internal::GetCapturedStderr();
        EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{ip_frame})) << f->path;
        size_t at = good.size();
        std::string prefix = "fd :: FromDump: " + f->path + ": ";
        if (f == &cut_data)
            EXPECT_EQ(err, prefix + "truncated packet at file position " + std::to_string(at) + " (10 of " +
                               std::to_string(arp_frame.size()) + " bytes)\n");
        else if (f == &cut_header)
            EXPECT_EQ(err, prefix + "truncated packet header at file position " + std::to_string(at) + "\n");
        else
            EXPECT_EQ(err, prefix + "corrupt packet header at file position " + std::to_string(at) +
                               " (capture length 2147483647)\n");
    }
}

TEST(FromDump, UnreadableFilesFailAtInitialization) {
    TraceFile bad_magic("fd_magic.pcap", std::string(24, 'x') + "more");
    TraceFile empty("fd_empty.pcap", "");
    TraceFile short_header("fd_short.pcap", pcap_header(0xa1b2c3d4, 1, 1).substr(0, 10));
    TraceFile version("fd_version.pcap", le32(0xa1b2c3d4) + le16(3) + le16(0) + std::string(16, '\0'));
    EXPECT_EQ(
        errors_of("FromDump(" + bad_magic.path + ") -> Discard;"),
        "test.click:1:1: FromDump@1 :: FromDump: " + bad_magic.path + ": not a tcpdump file (bad magic number)\n");
    EXPECT_EQ(errors_of("FromDump(" + empty.path + ") -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: " + empty.path + ": not a tcpdump file (empty)\n");
    EXPECT_EQ(
        errors_of("FromDump(" + short_header.path + ") -> Discard;"),
        "test.click:1:1: FromDump@1 :: FromDump: " + short_header.path + ": not a tcpdump file (only 10 bytes)\n");
    EXPECT_EQ(errors_of("FromDump(" + version.path + ") -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: " + version.path + ": unsupported tcpdump file version 3.0\n");
    EXPECT_EQ(errors_of("FromDump(/nonexistent/trace.pcap) -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: /nonexistent/trace.pcap: No such file or directory\n");
}

TEST(FromDump, TimingKeepsTheRecordedGaps) {
    TraceFile f("fd_timing.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(50, 0, "a") +
                                      pcap_record(50, 150000, "b") + pcap_record(50, 300000, "c"));
    auto b = build("fd :: FromDump(" + f.path + ", TIMING true, STOP true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    int64_t start = Timestamp::now_steady().ns;
    EXPECT_FALSE(b.router->run_for(50'000'000));
    // 50 ms in: only the first packet is due (the next one is at 150 ms).
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a"}));
    EXPECT_TRUE(b.router->run_for(5'000'000'000));
    int64_t elapsed = Timestamp::now_steady().ns - start;
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_GE(elapsed, 300'000'000);
    EXPECT_LT(elapsed, 3'000'000'000);
}

TEST(FromDump, SampleAndSamplingProb) {
    std::string records;
    for (int i = 0; i < 50; ++i) records += pcap_record(1, uint32_t(i), "p");
    TraceFile f("fd_sample.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + records);
    auto b = build("none :: FromDump(" + f.path +
                   ", SAMPLE 0) -> o0 :: TestCollect;"
                   "half :: FromDump(" +
                   f.path +
                   ", SAMPLE 0.5) -> oh :: TestCollect;"
                   "all :: FromDump(" +
                   f.path + ", SAMPLE 1) -> o1 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 0u);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 50u);
    size_t half = b.get<TestCollect>("oh")->packets.size();
    EXPECT_GT(half, 5u);  // binomial(50, 0.5): outside 6..44 with probability below 1e-8
    EXPECT_LT(half, 45u);
    EXPECT_EQ(b.read("half.count"), std::to_string(half) + "\n");
    EXPECT_EQ(b.read("half.sampling_prob"), "0.5\n");
    EXPECT_EQ(b.read("all.sampling_prob"), "1\n");
    EXPECT_EQ(b.read("none.sampling_prob"), "0\n");
}

TEST(FromDump, ForceIpSendsOtherFramesToOutputOne) {
    TraceFile f("fd_force.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, ip_frame) +
                                     pcap_record(2, 0, arp_frame) + pcap_record(3, 0, ip_frame.substr(0, 20)));
    auto b = build("fd :: FromDump(" + f.path +
                   ", FORCE_IP true); fd[0] -> ip :: TestCollect; fd[1] -> other :: TestCollect;"
                   "fd2 :: FromDump(" +
                   f.path + ", FORCE_IP true) -> ip2 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(100'000'000);
    EXPECT_EQ(b.get<TestCollect>("ip")->data(), (std::vector<std::string>{ip_frame}));
    // The ARP frame and the IP frame cut inside its IP header.
    EXPECT_EQ(b.get<TestCollect>("other")->data(), (std::vector<std::string>{arp_frame, ip_frame.substr(0, 20)}));
    EXPECT_EQ(b.get<TestCollect>("ip2")->data(), (std::vector<std::string>{ip_frame}));
}

TEST(FromDump, TimeWindows) {
    std::string records;
    for (uint32_t s = 10; s < 20; ++s) records += pcap_record(s, 0, std::string(1, char('a' + s - 10)));
    TraceFile f("fd_window.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + records);
    auto run = [&](const std::string& keywords) {
        auto b = build("fd :: FromDump(" + f.path + ", " + keywords + ") -> out :: TestCollect;");
        EXPECT_TRUE(b.router) << b.errors;
        if (!b.router) return std::string();
        b.router->run_for(100'000'000);
        std::string s;
        for (const auto& d : b.get<TestCollect>("out")->data()) s += d;
        return s;
    };
    EXPECT_EQ(run("START 13"), "defghij");
    EXPECT_EQ(run("START_AFTER 2.5s"), "defghij");
    EXPECT_EQ(run("END 12.5"), "abc");
    EXPECT_EQ(run("END_AFTER 2"), "ab");
    EXPECT_EQ(run("START 15, INTERVAL 2s"), "fg");
    EXPECT_EQ(run("START 12, END 14"), "cd");
}

TEST(FromDump, ExtendIntervalResumes) {
    std::string records;
    for (uint32_t s = 0; s < 6; ++s) records += pcap_record(s, 0, std::string(1, char('a' + s)));
    TraceFile f("fd_extend.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + records);
    // The InfiniteSource keeps the router busy: a router with nothing left to run stops for
    // good, and this test needs it to run again after the trace paused.
    auto b = build("fd :: FromDump(" + f.path + ", END_AFTER 2) -> out :: TestCollect; InfiniteSource -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.read("fd.active"), "false\n");
    EXPECT_EQ(b.write("fd.extend_interval", "soon"), "extend_interval: expected time (for example 1.5s, 10ms, 250us)");
    EXPECT_EQ(b.write("fd.extend_interval", "3"), "");
    EXPECT_EQ(b.read("fd.active"), "true\n");
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(FromDump, ActiveHandlerAndEndCall) {
    TraceFile f("fd_active.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, "x") + pcap_record(2, 0, "y"));
    auto b = build("fd :: FromDump(" + f.path + ", ACTIVE false, END_CALL q.capacity 7) -> q :: Queue(100) -> Idle;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("fd.active"), "false\n");
    EXPECT_EQ(b.write("fd.active", "perhaps"), "active: expected boolean (true/false)");
    EXPECT_EQ(b.read("fd.active"), "false\n");
    EXPECT_EQ(b.write("fd.active", "true"), "");
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.read("q.length"), "2\n");
    EXPECT_EQ(b.read("q.capacity"), "7\n");    // END_CALL ran
    EXPECT_EQ(b.read("fd.active"), "true\n");  // END_CALL replaces the default "active false"
    EXPECT_EQ(b.read("fd.count"), "2\n");
    EXPECT_EQ(b.write("fd.reset_counts", ""), "");
    EXPECT_EQ(b.read("fd.count"), "0\n");
}

TEST(FromDump, InactiveEmitsNothing) {
    TraceFile f("fd_inactive.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, "x"));
    auto b = build("fd :: FromDump(" + f.path + ", ACTIVE false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(30'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->packets.size(), 0u);
    EXPECT_EQ(b.read("fd.count"), "0\n");
}

TEST(FromDump, PullMode) {
    TraceFile f("fd_pull.pcap", pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, "x") + pcap_record(2, 0, "y") +
                                    pcap_record(3, 0, "z"));
    auto b = build("fd :: FromDump(" + f.path + ") -> u :: Unqueue(BURST 2) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_EQ(b.read("fd.count"), "3\n");
}

TEST(FromDump, BadArguments) {
    EXPECT_EQ(errors_of("FromDump(f, STOP true, END_CALL x.y) -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: STOP and END_CALL are mutually exclusive\n");
    EXPECT_EQ(errors_of("FromDump(f, SAMPLE 2) -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: SAMPLE must be between 0 and 1\n");
    EXPECT_EQ(errors_of("FromDump(f, START 1, START_AFTER 1) -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: give at most one of START and START_AFTER\n");
    EXPECT_EQ(errors_of("FromDump(f, END 1, INTERVAL 1) -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: give at most one of END, END_AFTER and INTERVAL\n");
    EXPECT_EQ(errors_of("FromDump(f, START yesterday) -> Discard;"),
              "test.click:1:13: FromDump@1 :: FromDump: START: expected seconds since 1970\n");
    EXPECT_EQ(errors_of("FromDump(f, FILEPOS 10) -> Discard;"),
              "test.click:1:13: FromDump@1 :: FromDump: unknown keyword 'FILEPOS'\n");
    EXPECT_EQ(errors_of("FromDump() -> Discard;"),
              "test.click:1:1: FromDump@1 :: FromDump: missing mandatory FILENAME argument\n");
}

TEST(FromDump, EveryTruncationAndByteFlipEndsCleanly) {
    std::string full = pcap_header(0xa1b2c3d4, 65535, 1) + pcap_record(1, 0, ip_frame) + pcap_record(2, 0, arp_frame) +
                       pcap_record(3, 0, ip_frame);
    std::string path = temp_path("fd_damaged.pcap");
    ::testing::internal::CaptureStderr();
    for (size_t cut = clickos::traces::pcap::file_header_size; cut <= full.size(); ++cut) {
        write_file(path, full.substr(0, cut));
        auto b = build("fd :: FromDump(" + path + ", STOP true) -> out :: TestCollect;");
        ASSERT_TRUE(b.router) << b.errors;
        EXPECT_TRUE(b.router->run_for(1'000'000'000));
        EXPECT_LE(b.get<TestCollect>("out")->packets.size(), 3u);
    }
    // Damaged record headers: any byte of any record header replaced.
    for (size_t at = clickos::traces::pcap::file_header_size; at < full.size(); ++at)
        for (char v : {'\x00', '\xff', '\x80'}) {
            std::string bad = full;
            bad[at] = v;
            write_file(path, bad);
            auto b = build("fd :: FromDump(" + path + ", STOP true) -> out :: TestCollect;");
            ASSERT_TRUE(b.router) << b.errors;
            EXPECT_TRUE(b.router->run_for(1'000'000'000));
        }
    ::testing::internal::GetCapturedStderr();
    std::remove(path.c_str());
}

TEST(FromDump, ReadsKuznetsovRecords) {
    // The patched-libpcap variant: 8 more bytes per record header (ifindex, protocol,
    // packet type, padding).
    std::string extra = le32(3) + le16(0x0800) + std::string{'\x00', '\x00'};
    TraceFile f("fd_kuz.pcap", pcap_header(0xa1b2cd34, 65535, 1) + le32(4) + le32(5) + le32(3) + le32(3) + extra +
                                   "abc" + le32(6) + le32(0) + le32(2) + le32(9) + extra + "de");
    auto b = build("fd :: FromDump(" + f.path + ") -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.router->run_for(50'000'000);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), (std::vector<std::string>{"abc", "de"}));
    EXPECT_EQ(timestamps(b.get<TestCollect>("out")), (std::vector<int64_t>{4'000'005'000, 6'000'000'000}));
}
