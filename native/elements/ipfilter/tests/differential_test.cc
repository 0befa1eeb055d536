// Random rule lists on random packets: the runner (with its tables), the factored and
// optimized program, and the program compiled rule by rule without optimization must
// pick the same rule for every packet, including truncated packets, fragments and
// packets with options.
#include <gtest/gtest.h>

#include <random>

#include "ipfilter/rule_set.hh"
#include "packets.hh"

using namespace clickos;
using namespace clickos::ipfilter;
using namespace iptest;

namespace {

class Random {
  public:
    explicit Random(uint32_t seed) : g_(seed) {}
    uint32_t below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(g_); }
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[below(uint32_t(v.size()))];
    }

  private:
    std::mt19937 g_;
};

const std::vector<std::string> hosts = {"10.0.0.1", "10.0.0.2", "192.168.1.7", "1.2.3.4"};
const std::vector<std::string> nets = {"10.0.0.0/8", "192.168.0.0/16", "10.0.0.0/30", "1.2.3.0/24"};
const std::vector<int> ports = {22, 53, 80, 443, 1234, 5353};

std::string primitive(Random& r) {
    auto port = [&] { return std::to_string(r.pick(ports)); };
    switch (r.below(30)) {
        case 0: return "src host " + r.pick(hosts);
        case 1: return "dst host " + r.pick(hosts);
        case 2: return "host " + r.pick(hosts);
        case 3: return "src net " + r.pick(nets);
        case 4: return "dst " + r.pick(nets);
        case 5: return r.below(2) ? "tcp" : "udp";
        case 6: return "icmp";
        case 7: return "dst port " + port();
        case 8: return "src port " + port();
        case 9: return "tcp dst port " + port();
        case 10: return "udp port " + port() + " or " + port();
        case 11: {
            int low = r.pick(ports);
            return "port " + std::to_string(low) + "-" + std::to_string(low + int(r.below(200)));
        }
        case 12: return "dst port > " + port();
        case 13: return r.below(2) ? "syn" : "ack";
        case 14: return "icmp type " + std::to_string(r.below(2) ? 8 : 0);
        case 15: return r.below(2) ? "frag" : "unfrag";
        case 16: return "ip ttl " + std::to_string(r.below(2) ? 64 : 1);
        case 17: return "ip ttl > " + std::to_string(r.below(256));
        case 18: return "ip tos & 3 == " + std::to_string(r.below(4));
        case 19: return "tcp[13] & 2 != 0";
        case 20: return "ip[9] == 17";
        case 21: return "transp[0:2] < " + std::to_string(r.below(6000));
        case 22: return "ip len > " + std::to_string(r.below(100));
        case 23: return "ip hl 6";
        case 24: return "dst port != " + port();
        case 25: return "icmp type != echo";
        case 26: return "src port " + port() + " or " + port();
        case 27: return "ip dscp " + std::to_string(r.below(4));
        case 28: return "tcp win > 1000";
        default: return r.below(2) ? "true" : "false";
    }
}

std::string expression(Random& r, int depth) {
    if (depth <= 0) return primitive(r);
    switch (r.below(7)) {
        case 0: return "not " + expression(r, depth - 1);
        case 1: return "(" + expression(r, depth - 1) + " and " + expression(r, depth - 1) + ")";
        case 2: return "(" + expression(r, depth - 1) + " or " + expression(r, depth - 1) + ")";
        case 3:
            return "(" + expression(r, depth - 1) + " ? " + expression(r, depth - 1) + " : " +
                   expression(r, depth - 1) + ")";
        case 4: return expression(r, depth - 1) + " && " + primitive(r);
        default: return primitive(r);
    }
}

std::string packet(Random& r) {
    IPv4 h;
    h.src = r.pick(hosts);
    h.dst = r.pick(hosts);
    h.ttl = uint8_t(r.pick(std::vector<int>{1, 63, 64, 255}));
    h.tos = uint8_t(r.below(16));
    static const std::vector<int> frags = {0, 0, 0, 0x4000, 0x2000, 0x2000 | 5, 5};
    h.frag = uint16_t(r.pick(frags));
    if (r.below(4) == 0) h.options = std::string("\x01\x01\x01\x00", 4);
    std::string payload;
    uint16_t sp = uint16_t(r.pick(ports)), dp = uint16_t(r.pick(ports));
    switch (r.below(4)) {
        case 0: h.proto = 6, payload = tcp(sp, dp, uint8_t(r.below(64)), uint16_t(r.below(3000))); break;
        case 1: h.proto = 17, payload = udp(sp, dp); break;
        case 2: h.proto = 1, payload = icmp(uint8_t(r.below(2) ? 8 : 0)); break;
        default: h.proto = uint8_t(r.below(256)), payload = std::string(r.below(30), 'z'); break;
    }
    payload += std::string(r.below(40), 'p');
    std::string s = ip(h, payload);
    if (r.below(5) == 0) s.resize(r.below(uint32_t(s.size()) + 1));  // truncated
    return s;
}

// Returns the number of tables the runner made.
size_t compare(const std::vector<std::string>& texts, Random& r, int npackets) {
    std::vector<RuleText> rules;
    for (size_t i = 0; i < texts.size(); ++i) rules.push_back({texts[i], int(i)});
    std::vector<RuleError> errors;
    auto opt = RuleSet::compile(rules, errors);
    auto naive = RuleSet::compile(rules, errors, false);
    EXPECT_TRUE(opt && naive) << (errors.empty() ? "" : texts[errors[0].rule] + ": " + errors[0].message);
    if (!opt || !naive) return 0;
    for (int k = 0; k < npackets; ++k) {
        std::string bytes = packet(r);
        Packet* p = make_ip_packet(bytes);
        int want = naive->program().match(p);
        int by_program = opt->program().match(p);
        int by_runner = opt->rule_of(p);
        p->kill();
        EXPECT_EQ(by_program, want) << texts.size() << " rules, first: " << texts[0];
        EXPECT_EQ(by_runner < 0 ? classification::Program::no_match : by_runner, want) << texts[0];
        if (by_program != want || by_runner != (want == classification::Program::no_match ? -1 : want)) break;
    }
    return opt->runner().tables();
}

}  // namespace

TEST(IPFilterDifferential, RandomRuleLists) {
    Random r(12345);
    for (int round = 0; round < 300; ++round) {
        std::vector<std::string> texts;
        for (uint32_t n = 1 + r.below(25); n > 0; --n) texts.push_back(expression(r, int(r.below(4))));
        compare(texts, r, 200);
    }
}

TEST(IPFilterDifferential, UniformRuleListsWithTables) {
    // Many rules of one shape, with repeated values, so that tables form.
    Random r(777);
    size_t tables = 0;
    for (int round = 0; round < 60; ++round) {
        std::vector<std::string> texts;
        std::string prefix = r.pick(std::vector<std::string>{"", "tcp && ", "udp && ", "src net 10.0.0.0/8 && "});
        for (uint32_t n = 4 + r.below(60); n > 0; --n) {
            switch (round % 4) {
                case 0: texts.push_back(prefix + "dst port " + std::to_string(r.pick(ports) + r.below(3))); break;
                case 1: texts.push_back(prefix + "dst host " + r.pick(hosts)); break;
                case 2: texts.push_back(prefix + "ip ttl " + std::to_string(r.below(70))); break;
                default: texts.push_back(expression(r, 1)); break;
            }
        }
        tables += compare(texts, r, 300);
    }
    EXPECT_GT(tables, 20u);
}
