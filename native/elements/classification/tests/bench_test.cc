// A throughput check for the benchmark path (Classifier then HashSwitch onto 4 outputs,
// as in shared/bench/hashswitch.click), disabled by default: run with
//   element_tests_classification --gtest_also_run_disabled_tests --gtest_filter='*Bench*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

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

}  // namespace

TEST(DISABLED_Bench, ClassifierAndHashSwitch) {
    const int n = 20'000'000;
    // A 64-byte Ethernet/IPv4/UDP frame.
    std::string frame =
        "\\<66778899aabb 001122334455 0800 45000032 00000000 40110000 0a000001 c0a80107 "
        "04d20035 001e0000 0000000000000000000000000000000000000000000000>";
    std::string src = "InfiniteSource(DATA \"" + frame + "\", LIMIT " + std::to_string(n) + ", BURST 32, STOP true)";
    double base = mpps(src + " -> c :: Counter -> Discard;", n);
    double full = mpps(src +
                           " -> cl :: Classifier(12/0806, 12/0800, -) -> Discard; cl[2] -> Discard;"
                           "cl[1] -> hs :: HashSwitch(26, 12); c :: Counter -> Discard;"
                           "hs[0] -> c; hs[1] -> c; hs[2] -> c; hs[3] -> c;",
                       n);
    double cl = mpps(src +
                         " -> cl :: Classifier(12/0806, 12/0800, -) -> Discard; cl[2] -> Discard;"
                         "cl[1] -> c :: Counter -> Discard;",
                     n);
    double hs = mpps(src +
                         " -> hs :: HashSwitch(26, 12); c :: Counter -> Discard;"
                         "hs[0] -> c; hs[1] -> c; hs[2] -> c; hs[3] -> c;",
                     n);
    std::printf("Mpps: source -> Counter %.1f; Classifier %.1f; HashSwitch %.1f; both %.1f\n", base, cl, hs, full);
}
