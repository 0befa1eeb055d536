// Throughput checks, disabled by default: run with
//   element_tests_ipfilter --gtest_also_run_disabled_tests --gtest_filter='*Bench*'
// The first approximates shared/bench/firewall.click (Click: 9.4 Mpps for the whole
// configuration): 50-byte IPv4/UDP packets (the 64-byte frames after Strip(14)) through a
// 10-rule IPFilter whose last rule matches. The others time the filter alone per packet.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>

#include "clickos/element_class.hh"
#include "ipfilter/rule_set.hh"
#include "packets.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace clickos {

// Sets the IP header annotation at the start of the data (MarkIPHeader's work), since the
// IP elements are another domain's.
class BenchMarkIP : public SimpleElement<BenchMarkIP> {
  public:
    const char* class_name() const override { return "BenchMarkIP"; }
    Packet* action(Packet* p) {
        p->set_network_header(p->data(), uint32_t(p->data()[0] & 15) * 4);
        return p;
    }
};
CLICKOS_ELEMENT(BenchMarkIP);

}  // namespace clickos

namespace {

const char* firewall =
    "IPFilter(deny src host 1.2.3.4, deny dst host 5.6.7.8, deny tcp dst port 22, deny udp dst port 53,"
    " deny src net 172.16.0.0/12, allow tcp dst port 80, allow tcp dst port 443, deny icmp type echo,"
    " deny dst net 10.9.0.0/16, allow udp && dst net 192.168.1.0/24)";

std::string bench_packet() {
    IPv4 h;
    h.proto = 17;
    h.src = "10.0.0.1";
    h.dst = "192.168.1.7";
    return ip(h, udp(1234, 5678, std::string(22, '\0')));  // 50 bytes
}

double mpps(const std::string& config, int n) {
    auto b = build(config);
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return 0;
    auto t0 = std::chrono::steady_clock::now();
    b.router->run();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(b.read("c.count"), std::to_string(n) + "\n");
    return n / s / 1e6;
}

// Nanoseconds per packet for rules->output_of on one packet.
double ns_per_packet(const std::vector<std::string>& texts, const std::string& bytes, int expected_output) {
    std::vector<ipfilter::RuleText> rules;
    for (size_t i = 0; i + 1 < texts.size(); ++i) rules.push_back({texts[i], -1});
    rules.push_back({texts.back(), 0});
    std::vector<ipfilter::RuleError> errors;
    auto set = ipfilter::RuleSet::compile(rules, errors);
    EXPECT_TRUE(set);
    if (!set) return 0;
    Packet* p = make_ip_packet(bytes);
    const int n = 20'000'000;
    int sum = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        sum += set->output_of(p);
        asm volatile("" : : "r"(p) : "memory");  // keep the loop from being hoisted
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    p->kill();
    EXPECT_EQ(sum, expected_output * n);
    return s / n * 1e9;
}

}  // namespace

TEST(DISABLED_IPFilterBench, Firewall) {
    const int n = 20'000'000;
    std::string src = "InfiniteSource(DATA \"\\<" + hex(bench_packet()) + ">\", LIMIT " + std::to_string(n) +
                      ", BURST 32, STOP true) -> BenchMarkIP";
    double base = mpps(src + " -> c :: Counter -> Discard;", n);
    double fw = mpps(src + " -> " + firewall + " -> c :: Counter -> Discard;", n);
    std::printf("Mpps: source -> mark -> Counter %.1f; with the 10-rule IPFilter %.1f (target > 18.8)\n", base, fw);
}

TEST(DISABLED_IPFilterBench, RuleCountScaling) {
    std::string udp = bench_packet();
    std::vector<std::string> fw = {"src host 1.2.3.4",      "dst host 5.6.7.8",
                                   "tcp dst port 22",       "udp dst port 53",
                                   "src net 172.16.0.0/12", "tcp dst port 80",
                                   "tcp dst port 443",      "icmp type echo",
                                   "dst net 10.9.0.0/16",   "udp && dst net 192.168.1.0/24"};
    std::printf("firewall (10 rules, last matches): %.2f ns/packet\n", ns_per_packet(fw, udp, 0));
    for (int n : {1, 10, 100, 1000}) {
        std::vector<std::string> ports, hosts;
        for (int i = 0; i < n - 1; ++i) {
            ports.push_back("udp dst port " + std::to_string(10000 + i));
            hosts.push_back("dst host 10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1));
        }
        ports.push_back("udp dst port 5678");  // the last rule matches
        hosts.push_back("dst host 192.168.1.7");
        std::printf("%4d port rules: %.2f ns/packet; %4d host rules: %.2f ns/packet\n", n, ns_per_packet(ports, udp, 0),
                    n, ns_per_packet(hosts, udp, 0));
    }
}
