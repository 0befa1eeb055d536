// libFuzzer target: arbitrary text as an IP filter rule list (split like a configuration's
// argument list), parsed and compiled as IPFilter does. Besides not crashing or hanging
// (ASan/UBSan; inputs are capped at 4 KB and compilation is bounded by max_rule_tests),
// every rule set that compiles must pick, for a fixed set of packets, the same rule with
// its runner, its optimized program and the program compiled rule by rule; and every
// error must point inside its rule.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ipfilter/rule_set.hh"
#include "ipfilter/tests/packets.hh"
#include "lang/config_args.hh"

using namespace clickos;
using namespace clickos::ipfilter;

namespace {

constexpr size_t max_input = 4096;

// Packets that reach most kinds of tests: TCP with flags and options, UDP, ICMP, a later
// fragment, other protocols, truncated headers.
const std::vector<std::string>& packets() {
    static const std::vector<std::string> all = [] {
        using namespace iptest;
        std::vector<std::string> v;
        v.push_back(tcp_packet("10.0.0.1", 1234, "192.168.1.7", 80, SYN));
        v.push_back(tcp_packet("172.16.5.5", 22, "10.0.0.2", 40000, SYN | ACK));
        v.push_back(udp_packet("10.0.0.1", 5353, "8.8.8.8", 53));
        v.push_back(icmp_packet("1.2.3.4", "5.6.7.8", 8));
        v.push_back(icmp_packet("5.6.7.8", "1.2.3.4", 0));
        IPv4 h;
        h.tos = 0xbb;
        h.ttl = 1;
        h.options = std::string("\x01\x01\x01\x00", 4);
        v.push_back(ip(h, tcp(443, 1024, FIN | ACK | PSH, 65535)));
        h.options.clear();
        h.frag = 0x2000 | 7;
        v.push_back(ip(h, tcp(1, 2)));
        h.frag = 0;
        h.proto = 47;
        v.push_back(ip(h, "GRE payload"));
        std::string t = tcp_packet("10.0.0.1", 1, "10.0.0.2", 2);
        for (size_t len : {0, 1, 9, 12, 19, 20, 22, 33}) v.push_back(t.substr(0, len));
        return v;
    }();
    return all;
}

[[noreturn]] void fail(const char* what, const std::string& text) {
    std::fprintf(stderr, "%s\n--- rules:\n%s\n", what, text.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > max_input) return 0;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<lang::ConfigArg> args = lang::split_config_args(text, lang::Location{"fuzz", 1, 1});
    std::vector<RuleText> rules;
    for (size_t i = 0; i < args.size(); ++i) rules.push_back({args[i].text, int(i % 4) - 1});
    std::vector<RuleError> errors;
    auto set = RuleSet::compile(rules, errors);
    if (!set) {
        if (errors.empty()) fail("compile failed without an error", text);
        for (const RuleError& e : errors)
            if (e.rule >= rules.size() || e.position > rules[e.rule].pattern.size() || e.message.empty())
                fail("error outside its rule", text);
        return 0;
    }
    if (!errors.empty()) fail("errors reported for a rule set that compiled", text);
    auto naive = RuleSet::compile(rules, errors, false);
    if (!naive) fail("the unoptimized compile failed", text);
    for (const std::string& bytes : packets()) {
        Packet* p = iptest::make_ip_packet(bytes);
        int want = naive->program().match(p);
        int by_program = set->program().match(p);
        int by_runner = set->rule_of(p);
        int out = set->output_of(p);
        p->kill();
        if (by_program != want) fail("optimized program disagrees with the rule-by-rule program", text);
        if ((by_runner < 0 ? classification::Program::no_match : by_runner) != want)
            fail("runner disagrees with the program", text);
        if (out != (by_runner < 0 ? -1 : rules[size_t(by_runner)].output)) fail("wrong output for the rule", text);
    }
    return 0;
}
