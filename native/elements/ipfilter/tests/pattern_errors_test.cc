// Bad rules: the exact error line, pointing at the argument's line and the column inside
// the rule where the problem is. "TestInject -> f :: IPFilter(" is 28 characters, so the
// first rule starts at column 29 and a problem at byte B of it is at column 29 + B.
#include <gtest/gtest.h>

#include "ipfilter/rule_set.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

std::string filter_errors(const std::string& rules) {
    return errors_of("TestInject -> f :: IPFilter(" + rules + ") -> TestCollect;");
}

std::string at(int col, const std::string& message) {
    return "test.click:1:" + std::to_string(col) + ": f :: IPFilter: rule 0: " + message + "\n";
}

}  // namespace

TEST(IPFilterErrors, Actions) {
    EXPECT_EQ(filter_errors("permit tcp"), at(29, "unknown action 'permit' (allow, deny, drop or an output number)"));
    EXPECT_EQ(filter_errors("allow"), at(34, "missing pattern after 'allow'"));
    EXPECT_EQ(filter_errors("deny   "), at(33, "missing pattern after 'deny'"));
    EXPECT_EQ(filter_errors("1 tcp"), at(29, "output 1 out of range (the element has 1 output)"));
    EXPECT_EQ(filter_errors("99999999999 tcp"),
              at(29, "unknown action '99999999999' (allow, deny, drop or an output number)"));
    EXPECT_EQ(errors_of("TestInject -> f :: IPFilter(allow tcp);"),
              at(29, "output 0 out of range (the element has no outputs)"));
}

TEST(IPFilterErrors, Primitives) {
    EXPECT_EQ(filter_errors("allow frob"), at(35, "unknown word 'frob'"));
    EXPECT_EQ(filter_errors("allow tcp port 99999"), at(44, "'99999' is out of range for tcp port (0-65535)"));
    EXPECT_EQ(filter_errors("allow port 123456789012"), at(40, "number '123456789012' is too large"));
    EXPECT_EQ(filter_errors("allow ip ttl 300"), at(42, "'300' is out of range for ip ttl (0-255)"));
    EXPECT_EQ(filter_errors("allow ip vers 16"), at(43, "'16' is out of range for ip vers (0-15)"));
    EXPECT_EQ(filter_errors("allow ip dscp 64"), at(43, "'64' is out of range for ip dscp (0-63)"));
    EXPECT_EQ(filter_errors("allow echo"), at(35, "'echo' is ambiguous: write 'port echo' or 'icmp type echo'"));
    EXPECT_EQ(filter_errors("allow src tcp"), at(35, "'src' applies only to host, net and port"));
    EXPECT_EQ(filter_errors("allow dst ip ttl 3"), at(35, "'dst' applies only to host, net and port"));
    EXPECT_EQ(filter_errors("allow 80"), at(35, "'80' needs a directive before it (for example 'port 80')"));
    // A direction does not make a number a port: "dst 80" needs "dst port 80".
    EXPECT_EQ(filter_errors("allow dst 80"), at(39, "'80' needs a directive before it (for example 'port 80')"));
    EXPECT_EQ(filter_errors("allow host 10.0.0.1 or 5"),
              at(52, "'5' needs a directive before it (for example 'port 5')"));
    EXPECT_EQ(filter_errors("allow tcp opt foo"),
              at(43, "unknown TCP flag 'foo' (fin, syn, rst, psh, ack, urg, ece, cwr)"));
    EXPECT_EQ(filter_errors("allow tcp opt != syn"), at(43, "'tcp opt' takes no mask or operator"));
    EXPECT_EQ(filter_errors("allow host < 10.0.0.1"), at(40, "'<' does not apply to host (only '==' or '!=')"));
    EXPECT_EQ(filter_errors("allow udp opt syn"), at(35, "'udp' does not go with 'opt'"));
    EXPECT_EQ(filter_errors("allow icmp port 3"), at(35, "'icmp' does not go with 'port'"));
    EXPECT_EQ(filter_errors("allow ip frag == 1"), at(43, "'ip frag' takes no mask, operator or value"));
    EXPECT_EQ(filter_errors("allow != frag"), at(35, "'ip frag' takes no operator"));
    EXPECT_EQ(filter_errors("allow ip"),
              at(35,
                 "'ip' must be followed by a field (proto, vers, hl, id, tos, dscp, ttl, len, frag, unfrag, "
                 "ect, ce) or [POS:LEN]"));
    EXPECT_EQ(filter_errors("allow transp 4"), at(35, "'transp' must be followed by [POS:LEN]"));
    EXPECT_EQ(filter_errors("allow dst port 2000-1000"), at(44, "empty range '2000-1000'"));
    EXPECT_EQ(filter_errors("allow dst port > 1000-2000"), at(44, "a range takes no '>' (only '==' or '!=')"));
    EXPECT_EQ(filter_errors("allow ip tos & 3 == 4"),
              at(49, "value '4' has bits outside the mask, so it never matches"));
    EXPECT_EQ(filter_errors("allow ip tos & 256"), at(44, "mask '256' is out of range for ip tos (0-255)"));
    EXPECT_EQ(filter_errors("allow ip tos & x"), at(44, "expected a number as mask, found 'x'"));
    EXPECT_EQ(filter_errors("allow & 3"), at(35, "'&' must follow a directive (for example 'ip tos & 3')"));
    EXPECT_EQ(filter_errors("allow src host 10.0.0.256"),
              at(44, "expected an IP address or network, found '10.0.0.256'"));
    EXPECT_EQ(filter_errors("allow net 10.0.0.0/33"), at(39, "expected an IP address or network, found '10.0.0.0/33'"));
    EXPECT_EQ(filter_errors("allow net 10.0.0.0 mask 255.0"),
              at(53, "expected an address mask after 'mask', found '255.0'"));
    EXPECT_EQ(filter_errors("allow icmp type bogus"), at(45, "unknown ICMP type 'bogus'"));
    EXPECT_EQ(filter_errors("allow dst port bogus"), at(44, "unknown port 'bogus'"));
    EXPECT_EQ(filter_errors("allow ip proto bogus"), at(44, "unknown protocol 'bogus'"));
    EXPECT_EQ(filter_errors("allow ip ttl x"), at(42, "expected a number, found 'x'"));
    EXPECT_EQ(filter_errors("allow ip ttl"), at(41, "missing value after 'ttl'"));
    EXPECT_EQ(filter_errors("allow ether host 00:11:22:33:44:55"),
              at(35, "'ether' primitives are not supported (packets are matched from their IP header on)"));
}

TEST(IPFilterErrors, ByteFields) {
    EXPECT_EQ(filter_errors("allow ip[0:5] == 1"), at(40, "expected a field length of 1, 2, 3 or 4 bytes after ':'"));
    EXPECT_EQ(filter_errors("allow ip[x] == 1"), at(38, "expected a byte offset (0-65535) after '['"));
    EXPECT_EQ(filter_errors("allow ip[70000] == 1"), at(38, "expected a byte offset (0-65535) after '['"));
    EXPECT_EQ(filter_errors("allow ip[1 == 1"), at(40, "expected ']', found '=='"));
    EXPECT_EQ(filter_errors("allow ip[1] == 256"), at(44, "'256' is out of range for ip[1:1] (0-255)"));
    EXPECT_EQ(filter_errors("allow tcp[0:2] == 65536"), at(47, "'65536' is out of range for tcp[0:2] (0-65535)"));
    EXPECT_EQ(filter_errors("allow ip[1]"), at(40, "missing value after ']'"));
}

TEST(IPFilterErrors, Structure) {
    EXPECT_EQ(filter_errors("allow tcp and"), at(42, "missing primitive at the end of the pattern"));
    EXPECT_EQ(filter_errors("allow tcp ]"), at(39, "unexpected ']'"));
    EXPECT_EQ(filter_errors("allow tcp or or udp"), at(42, "expected a primitive, found 'or'"));
    EXPECT_EQ(filter_errors("allow tcp ? syn"), at(44, "expected ':' of '?:', found the end of the pattern"));
    EXPECT_EQ(filter_errors("allow tcp # x"), at(39, "unexpected '#'"));
    EXPECT_EQ(filter_errors("allow tcp \x01"), at(39, "unexpected byte 0x01"));
    EXPECT_EQ(filter_errors("allow - tcp"), at(35, "unknown word '-'"));
    EXPECT_EQ(filter_errors("allow " + std::string(101, '(') + "tcp" + std::string(101, ')')),
              at(135, "pattern nested too deeply"));
    EXPECT_EQ(filter_errors("allow " + std::string(101, '!') + "tcp"), at(135, "pattern nested too deeply"));
}

// Unbalanced parentheses do not survive the configuration language's own parser, so they
// are checked on the pattern parser directly (positions are byte offsets in the pattern).
TEST(IPFilterErrors, Parentheses) {
    auto error = [](const std::string& pattern) {
        std::vector<ipfilter::RuleError> errors;
        EXPECT_FALSE(ipfilter::RuleSet::compile({{pattern, 0}}, errors));
        return errors.empty() ? std::string() : std::to_string(errors[0].position) + ": " + errors[0].message;
    };
    EXPECT_EQ(error("(tcp or udp"), "0: unmatched '('");
    EXPECT_EQ(error("tcp and ((udp)"), "8: unmatched '('");
    EXPECT_EQ(error("(tcp udp ]"), "9: expected ')', found ']'");
    EXPECT_EQ(error("tcp)"), "3: unmatched ')'");
    EXPECT_EQ(error("()"), "1: expected a primitive, found ')'");
    EXPECT_EQ(error(""), "0: empty pattern (use '-' to match every packet)");
    EXPECT_EQ(error("   "), "0: empty pattern (use '-' to match every packet)");
}

TEST(IPFilterErrors, LaterArgumentsAndLines) {
    std::string config =
        "in :: TestInject -> f :: IPFilter(allow tcp,\n"
        "                                  deny frob,\n"
        "                                  allow udp port 70000);\n"
        "f -> TestCollect;";
    EXPECT_EQ(errors_of(config),
              "test.click:2:40: f :: IPFilter: rule 1: unknown word 'frob'\n"
              "test.click:3:50: f :: IPFilter: rule 2: '70000' is out of range for udp port (0-65535)\n");
    // A rule that spans lines: the column is on the line of the problem.
    EXPECT_EQ(errors_of("TestInject -> f :: IPFilter(allow tcp\n    and dst port zz) -> TestCollect;"),
              "test.click:2:18: f :: IPFilter: rule 0: unknown port 'zz'\n");
    // Comments before a rule do not shift its columns.
    EXPECT_EQ(errors_of("TestInject -> f :: IPFilter(/* first */ allow tcp xx) -> TestCollect;"),
              "test.click:1:51: f :: IPFilter: rule 0: unknown word 'xx'\n");
}

TEST(IPClassifierErrors, CountsAndPatterns) {
    // "TestInject -> c :: IPClassifier(" is 32 characters.
    EXPECT_EQ(errors_of("TestInject -> c :: IPClassifier(tcp, frob) -> TestCollect;"),
              "test.click:1:15: c :: IPClassifier: 2 patterns for 1 output (one pattern per output)\n"
              "test.click:1:38: c :: IPClassifier: pattern 1: unknown word 'frob'\n");
    EXPECT_EQ(errors_of("TestInject -> c :: IPClassifier(tcp or) -> TestCollect;"),
              "test.click:1:39: c :: IPClassifier: pattern 0: missing primitive at the end of the pattern\n");
    EXPECT_EQ(errors_of("c :: IPClassifier(tcp); TestInject -> c; c[0] -> TestCollect; c[1] -> TestCollect;"),
              "test.click:1:1: c :: IPClassifier: 1 pattern for 2 outputs (one pattern per output)\n");
}

TEST(IPFilterWarnings, UnreachableRules) {
    EXPECT_EQ(errors_of("TestInject -> f :: IPFilter(allow tcp, deny tcp port 80) -> TestCollect;"),
              "test.click:1:40: warning: f :: IPFilter: rule 1 can never match (it contradicts itself, or "
              "earlier rules take its packets)\n");
    EXPECT_EQ(errors_of("TestInject -> c :: IPClassifier(src port www and src port ftp, -) -> TestCollect;"
                        "c[1] -> TestCollect;"),
              "test.click:1:33: warning: c :: IPClassifier: pattern 0 can never match (it contradicts itself, "
              "or earlier patterns take its packets)\n");
}
