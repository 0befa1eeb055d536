// The match-program module (match_expr.hh, match_compiler.hh, match_optimizer.hh,
// match_program.hh): compiled programs checked against hand-derived results, and against a
// direct evaluation of the expressions on many generated packets (the optimizer must keep
// the meaning for every packet, short ones included).
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "classification/match_compiler.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::classification;
using clickos::testing::unhex;

namespace {

WordTest word(Base base, uint32_t offset, const std::string& value_hex, const std::string& mask_hex,
              bool short_yes = false) {
    std::string v = unhex(value_hex), m = unhex(mask_hex);
    uint8_t vb[4], mb[4];
    std::memcpy(vb, v.data(), 4);
    std::memcpy(mb, m.data(), 4);
    WordTest t{base, offset, pack_word(mb), pack_word(vb) & pack_word(mb), short_yes};
    return t;
}

int run(const Program& p, const std::string& bytes) {
    return p.match(reinterpret_cast<const uint8_t*>(bytes.data()), uint32_t(bytes.size()));
}

// The meaning of an expression, evaluated directly: a test reads its bytes one by one; a
// packet without every masked byte takes the test's short answer.
struct Reference {
    const ExprBuilder& b;
    const uint8_t* bases[3];
    uint32_t avail[3];

    bool test(const WordTest& t) const {
        uint8_t m[4], v[4];
        unpack_word(t.mask, m);
        unpack_word(t.value, v);
        const uint8_t* base = bases[int(t.base)];
        for (int k = 0; k < 4; ++k) {
            if (!m[k]) continue;
            if (!base || t.offset + uint32_t(k) >= avail[int(t.base)]) return t.short_yes;
        }
        for (int k = 0; k < 4; ++k)
            if (m[k] && (base[t.offset + uint32_t(k)] & m[k]) != v[k]) return false;
        return true;
    }
    bool eval(ExprBuilder::Id e) const {
        const auto& n = b.node(e);
        switch (n.kind) {
            case ExprBuilder::Kind::True: return true;
            case ExprBuilder::Kind::False: return false;
            case ExprBuilder::Kind::Test: return test(n.test);
            case ExprBuilder::Kind::Not: return !eval(n.kids[0]);
            case ExprBuilder::Kind::And:
                for (auto k : n.kids)
                    if (!eval(k)) return false;
                return true;
            case ExprBuilder::Kind::Or:
                for (auto k : n.kids)
                    if (eval(k)) return true;
                return false;
        }
        return false;
    }
    int first_match(const std::vector<Rule>& rules) const {
        for (const auto& r : rules)
            if (eval(r.expr)) return r.output;
        return Program::no_match;
    }
};

}  // namespace

TEST(MatchProgram, FirstMatchingRuleWins) {
    ExprBuilder b;
    uint8_t arp[] = {0x08, 0x06}, ip[] = {0x08, 0x00};
    auto is_arp = b.bytes(Base::Data, 12, arp, nullptr, 2);
    auto is_ip = b.bytes(Base::Data, 12, ip, nullptr, 2);
    Program p = compile(b, {{is_arp, 0}, {is_ip, 1}});
    std::string eth = unhex("ffffffffffff 001122334455");
    EXPECT_EQ(run(p, eth + unhex("0806")), 0);
    EXPECT_EQ(run(p, eth + unhex("0800 45")), 1);
    EXPECT_EQ(run(p, eth + unhex("86dd")), Program::no_match);
    EXPECT_EQ(run(p, eth), Program::no_match);  // short
    EXPECT_EQ(p.safe_length(), 16u);
    EXPECT_TRUE(p.can_return(0));
    EXPECT_TRUE(p.can_return(1));
    EXPECT_TRUE(p.can_return(Program::no_match));
    EXPECT_FALSE(p.can_return(2));
}

TEST(MatchProgram, OtherwiseResult) {
    ExprBuilder b;
    Program p = compile(b, {{b.never(), 0}}, 7);
    EXPECT_EQ(run(p, "anything"), 7);
    EXPECT_EQ(p.unparse(), "all packets -> [7]\n");
    EXPECT_FALSE(p.can_return(0));
    Program none = compile(b, {});
    EXPECT_EQ(run(none, ""), Program::no_match);
    EXPECT_EQ(none.unparse(), "all packets -> drop\n");
}

TEST(MatchProgram, EqualStepsAreShared) {
    // (A or B) and C: both ways through the OR continue into one C step.
    ExprBuilder b;
    auto a = b.test(word(Base::Data, 0, "01000000", "ff000000"));
    auto bb = b.test(word(Base::Data, 4, "02000000", "ff000000"));
    auto c = b.test(word(Base::Data, 8, "03000000", "ff000000"));
    Program p = compile(b, {{b.all_of({b.any_of({a, bb}), c}), 0}});
    EXPECT_EQ(p.unparse(),
              "step 0: 0/01000000%ff000000  yes->step 2  no->step 1\n"
              "step 1: 4/02000000%ff000000  yes->step 2  no->drop\n"
              "step 2: 8/03000000%ff000000  yes->[0]  no->drop\n"
              "safe length 12\n");
}

TEST(MatchProgram, ShareStepsMergesDuplicatesAndDropsUselessSteps) {
    WordTest x = word(Base::Data, 0, "01000000", "ff000000"), y = word(Base::Data, 4, "02000000", "ff000000");
    Target out0 = result_target(0), out1 = result_target(1);
    std::vector<Step> steps = {
        Step::make(x, 1, 2),        // 0: both branches lead to equal steps
        Step::make(y, out0, out1),  // 1
        Step::make(y, out0, out1),  // 2: same as 1
        Step::make(x, out0, out1),  // 3: unreachable
    };
    Target entry = 0;
    share_steps(steps, entry);
    // Step 0 now jumps to step 1 either way, so it goes too.
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(entry, 0);
    EXPECT_EQ(steps[0].offset, 4u);
    EXPECT_EQ(steps[0].next[1], out0);
    EXPECT_EQ(steps[0].next[0], out1);
}

TEST(MatchProgram, SingleBitTestsDecideEachOther) {
    // Failing "bit 0x01 of byte 0 is 1" means it is 0, so a second test of the same bit is
    // skipped (once the packet is known to be long enough).
    ExprBuilder b;
    auto bit1 = b.test(word(Base::Data, 0, "01000000", "01000000"));
    auto bit0 = b.test(word(Base::Data, 0, "00000000", "01000000"));
    auto len = b.test(word(Base::Data, 0, "00000000", "00000000"));  // tests nothing: always
    EXPECT_EQ(len, b.always());
    Program p = compile(b, {{bit1, 0}, {bit0, 1}});
    // A short (empty) packet fails both: the second test cannot be skipped.
    EXPECT_EQ(p.steps().size(), 2u);
    EXPECT_EQ(run(p, ""), Program::no_match);
    EXPECT_EQ(run(p, "\x01"), 0);
    EXPECT_EQ(run(p, std::string(1, '\0')), 1);
    // With the length known (an earlier passed test of byte 1), the second test goes away.
    auto long_enough = b.test(word(Base::Data, 0, "0000aa00", "0000ff00"));
    Program q = compile(b, {{b.negate(long_enough), 2}, {bit1, 0}, {bit0, 1}});
    EXPECT_EQ(q.unparse(),
              "step 0: 0/0000aa00%0000ff00  yes->step 1  no->[2]\n"
              "step 1: 0/01000000%01000000  yes->[0]  no->[1]\n"
              "safe length 4\n");
}

TEST(MatchProgram, ShortYesAndNegation) {
    ExprBuilder b;
    // The word at 4 must be 0xaabb.. unless the packet is too short to have it.
    auto lenient = b.test(word(Base::Data, 4, "aabb0000", "ffff0000", true));
    auto strict = b.test(word(Base::Data, 4, "aabb0000", "ffff0000", false));
    Program p1 = compile(b, {{lenient, 0}}, 1);
    EXPECT_EQ(run(p1, "abcd"), 0);  // too short: passes
    EXPECT_EQ(run(p1, "abcd\xaa\xbb"), 0);
    EXPECT_EQ(run(p1, "abcd\xaa\xbc"), 1);
    Program p2 = compile(b, {{b.negate(strict), 0}}, 1);
    EXPECT_EQ(run(p2, "abcd"), 0);  // too short: fails the test, so passes its negation
    EXPECT_EQ(run(p2, "abcd\xaa\xbb"), 1);
    EXPECT_EQ(p1.unparse(), "step 0: 4/aabb0000%ffff0000  yes->[0]  no->[1]  short->yes\nsafe length 8\n");
}

TEST(MatchProgram, HeaderBases) {
    ExprBuilder b;
    uint8_t udp = 17, port[] = {0x00, 0x35};
    auto is_udp = b.bytes(Base::Network, 9, &udp, nullptr, 1);
    auto dns = b.bytes(Base::Transport, 2, port, nullptr, 2);
    Program p = compile(b, {{b.all_of({is_udp, dns}), 0}, {is_udp, 1}}, 2);
    EXPECT_FALSE(p.data_only());
    EXPECT_EQ(p.unparse(),
              "step 0: net+8/00110000%00ff0000  yes->step 1  no->[2]\n"
              "step 1: tr+0/00000035%0000ffff  yes->[0]  no->[1]\n");
    // An Ethernet + IPv4 + UDP packet to port 53, with header annotations set by hand.
    std::string bytes = unhex("ffffffffffff 001122334455 0800") +
                        unhex("4500001c 00000000 4011 0000 0a000001 0a000002") + unhex("1234 0035 0008 0000");
    Packet* q = Packet::make(bytes.data(), uint32_t(bytes.size()));
    EXPECT_EQ(p.match(q), 2);  // no header annotations: every test is "short"
    q->set_network_header(q->data() + 14, 20);
    EXPECT_EQ(p.match(q), 0);
    q->set_transport_header(q->data() + 34 + 2);  // now the port bytes are 0008
    EXPECT_EQ(p.match(q), 1);
    q->set_transport_header(q->data() + q->length() - 1);  // one byte left: short
    EXPECT_EQ(p.match(q), 1);
    q->kill();
}

TEST(MatchProgram, OptimizedProgramsMeanWhatTheExpressionsSay) {
    std::mt19937 rng(12345);
    auto pick = [&](std::initializer_list<uint8_t> v) { return *(v.begin() + rng() % v.size()); };
    auto random_test = [&](ExprBuilder& b) {
        uint8_t m[4], v[4];
        for (int k = 0; k < 4; ++k) {
            m[k] = pick({0x00, 0xff, 0xff, 0x0f, 0xf0, 0x01});
            v[k] = pick({0x00, 0x01, 0x10, 0xff, 0x11});
        }
        WordTest t{pick({0, 0, 0, 1, 2}) == 0 ? Base::Data : Base::Network, uint32_t(4 * pick({0, 1, 2})), pack_word(m),
                   pack_word(v), rng() % 4 == 0};
        t.value &= t.mask;
        return b.test(t);
    };
    std::function<ExprBuilder::Id(ExprBuilder&, int)> random_expr = [&](ExprBuilder& b, int depth) {
        int kind = depth == 0 ? 0 : int(rng() % 5);
        if (kind <= 1) return random_test(b);
        if (kind == 2) return b.negate(random_expr(b, depth - 1));
        std::vector<ExprBuilder::Id> kids;
        int n = 2 + int(rng() % 3);
        for (int i = 0; i < n; ++i) kids.push_back(random_expr(b, depth - 1));
        return kind == 3 ? b.all_of(kids) : b.any_of(kids);
    };
    int checked = 0, smaller = 0;
    for (int round = 0; round < 1000; ++round) {
        ExprBuilder b;
        std::vector<Rule> rules;
        int nrules = 1 + int(rng() % 4);
        for (int i = 0; i < nrules; ++i) rules.push_back({random_expr(b, int(rng() % 4)), int(rng() % 3)});
        Program p = compile(b, rules);
        Program plain = compile(b, rules, Program::no_match, false);
        if (p.steps().size() < plain.steps().size()) ++smaller;
        for (int k = 0; k < 60; ++k) {
            std::string bytes(rng() % 15, '\0');
            for (char& c : bytes) c = char(pick({0x00, 0x01, 0x10, 0xff, 0x11, 0xf1}));
            Packet* q = Packet::make(bytes.data(), uint32_t(bytes.size()));
            uint32_t net_off = uint32_t(rng() % 6);
            bool has_net = rng() % 3 != 0 && net_off <= q->length();
            if (has_net) q->set_network_header(q->data() + net_off, 0);
            Reference ref{b,
                          {q->data(), has_net ? q->data() + net_off : nullptr, nullptr},
                          {q->length(), has_net ? q->length() - net_off : 0, 0}};
            ASSERT_EQ(p.match(q), ref.first_match(rules))
                << "round " << round << " packet " << clickos::testing::hex(bytes) << " net "
                << (has_net ? int(net_off) : -1) << "\n"
                << p.unparse();
            ASSERT_EQ(plain.match(q), ref.first_match(rules)) << "unoptimized, round " << round;
            if (!has_net) {
                // The data-only entry point agrees on data-only packets.
                ASSERT_EQ(run(p, bytes), ref.first_match(rules));
            }
            q->kill();
            ++checked;
        }
    }
    EXPECT_EQ(checked, 1000 * 60);
    // The optimizer had work to do in a good share of the programs.
    EXPECT_GT(smaller, 100) << smaller;
}

TEST(MatchProgram, OptimizerShrinksRedundantRules) {
    // The same pattern twice: the second copy can never match and disappears.
    ExprBuilder b;
    uint8_t v[] = {0x45};
    auto e = b.bytes(Base::Data, 14, v, nullptr, 1);
    Program p = compile(b, {{e, 0}, {e, 1}, {b.always(), 2}});
    EXPECT_EQ(p.steps().size(), 1u);
    EXPECT_FALSE(p.can_return(1));
    // A conjunction with its own negation is never true.
    Program q = compile(b, {{b.all_of({e, b.negate(e)}), 0}}, 1);
    EXPECT_EQ(q.unparse(), "all packets -> [1]\n");
}
