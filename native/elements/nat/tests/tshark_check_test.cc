// The NAT helpers' output checked by tshark, which knows nothing of our checksum code: packets
// rewritten by IPRewriter, ICMPPingRewriter, FTPPortMapper/TCPRewriter, ICMPRewriter and
// IPAddrPairRewriter are written with ToDump and every IP, TCP, UDP and ICMP checksum must be
// "good" by tshark's own computation. Skipped when tshark is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "icmp_packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace nat_test;

namespace {

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "clickos_nat_" + std::to_string(::getpid()) + "_" + name;
}

std::string run(const std::string& command) {
    const std::string out = temp_path("tshark_out");
    int rc = std::system((command + " >" + out + " 2>/dev/null").c_str());
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    std::remove(out.c_str());
    EXPECT_EQ(rc, 0) << command;
    return ss.str();
}

}  // namespace

TEST(NatHelpers, TsharkFindsEveryChecksumGood) {
    if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark is not installed";
    const std::string pcap = temp_path("out.pcap");
    {
        auto b = build(
            "out :: ToDump(" + pcap +
            ", ENCAP IP);"
            "in :: TestInject -> rw :: IPRewriter(pattern 203.0.113.1 1024-65535 - - 0 1) -> out; rw[1] -> out;"
            "pin :: TestInject -> ping :: ICMPPingRewriter(pattern 203.0.113.1 2000-2100# - - 0 1) -> out;"
            "ping[1] -> out;"
            "fin :: TestInject -> FTPPortMapper(tcprw, tcprw, 203.0.113.9 9000-9100# - - 0 1)"
            "  -> tcprw :: TCPRewriter(pattern 203.0.113.1 5000-5999# - - 0 1) -> out; tcprw[1] -> out;"
            "ein :: TestInject -> ICMPRewriter(rw ping) -> out;"
            "ain :: TestInject -> pr :: IPAddrPairRewriter(pattern 198.51.100.0/29# 192.0.2.80 0 1) -> out; pr[1] -> "
            "out;");
        ASSERT_TRUE(b.router) << b.errors;
        b.get<TestInject>("in")->send_ip(udp({"10.0.0.1", 5000, "8.8.8.8", 53}, "query"));
        b.get<TestInject>("in")->send_ip(tcp({"10.0.0.1", 40000, "8.8.4.4", 443}, 0x02));
        b.get<TestInject>("pin")->send_ip(echo("10.0.0.1", "8.8.8.8", 77, true));
        b.get<TestInject>("pin")->send_ip(echo("8.8.8.8", "203.0.113.1", 2000, false));
        b.get<TestInject>("fin")->send_ip(tcp({"1.0.0.2", 6587, "2.0.0.2", 21}, 0x18, "PORT 1,0,0,2,3,9\r\n"));
        b.get<TestInject>("fin")->send_ip(tcp({"1.0.0.2", 6587, "2.0.0.2", 21}, 0x18, "PORT 1,0,0,2,100,200\r\n"));
        b.get<TestInject>("ein")->send_ip(
            icmp_error("192.0.2.1", "203.0.113.1", 11, 0, udp({"203.0.113.1", 5000, "8.8.8.8", 53}, "query")));
        b.get<TestInject>("ein")->send_ip(
            icmp_error("192.0.2.1", "203.0.113.1", 11, 0, echo("203.0.113.1", "8.8.8.8", 2000, true), 36));
        b.get<TestInject>("ain")->send_ip(udp({"10.0.0.7", 4000, "1.1.1.1", 53}));
        b.get<TestInject>("ain")->send_ip(tcp({"192.0.2.80", 80, "198.51.100.1", 4000}, 0x12));
    }  // the router's cleanup flushes the file
    const std::string fields =
        run("tshark -r " + pcap +
            " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE -T fields"
            " -E separator=\\; -e ip.checksum.status -e udp.checksum.status -e tcp.checksum.status -e "
            "icmp.checksum.status");
    std::remove(pcap.c_str());
    // Per packet, the statuses of the fields present (1 = good, 2 = unverified); the quoted IP
    // headers of ICMP errors are checked too.
    EXPECT_EQ(fields,
              "1;1;;\n"      // UDP through IPRewriter
              "1;;1;\n"      // TCP SYN
              "1;;;1\n"      // echo request
              "1;;;1\n"      // echo reply, back through the mapping
              "1;;1;\n"      // PORT command, longer
              "1;;1;\n"      // PORT command, shorter
              "1,1;2;;1\n"   // time exceeded about UDP (2: unverified)
              "1,1;;;1,2\n"  // time exceeded about a ping (tshark does not verify quoted ICMP)
              "1;1;;\n"      // UDP through IPAddrPairRewriter
              "1;;1;\n");    // and its reply
}
