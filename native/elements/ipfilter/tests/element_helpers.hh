// Wiring for element tests: TestInject -> the element -> one TestCollect per output, and
// which output each packet reached.
#pragma once
#include <string>
#include <vector>

#include "packets.hh"
#include "testing.hh"

namespace iptest {

// "in :: TestInject -> x :: ELEMENT" with outputs 0..n-1 collected by o0..o<n-1>.
inline std::string wire(const std::string& element, int n) {
    std::string c = "in :: TestInject -> x :: " + element + ";\n";
    for (int i = 0; i < n; ++i) c += "x[" + std::to_string(i) + "] -> o" + std::to_string(i) + " :: TestCollect;\n";
    return c;
}

// Sends the packets, IP header annotated at offset 0, as one batch.
inline void send_batch_ip(const clickos::testing::Built& b, const std::vector<std::string>& packets) {
    clickos::PacketBatch batch;
    for (const auto& s : packets) batch.append(make_ip_packet(s));
    b.get<clickos::testing::TestInject>("in")->output(0).push_batch(batch);
}

// For each packet, the output whose collector holds it, or -1 if none does.
inline std::vector<int> routes(const clickos::testing::Built& b, int n, const std::vector<std::string>& packets) {
    std::vector<int> where;
    for (const auto& pkt : packets) {
        int found = -1;
        for (int i = 0; i < n; ++i)
            for (const auto& d : b.get<clickos::testing::TestCollect>("o" + std::to_string(i))->data())
                if (d == pkt) found = i;
        where.push_back(found);
    }
    return where;
}

// Sends the packets one at a time (push) and then as a batch (push_batch), and returns
// where each went both times (the two must agree).
inline std::vector<int> classify(const std::string& element, int n, const std::vector<std::string>& packets) {
    auto one = clickos::testing::build(wire(element, n));
    auto batch = clickos::testing::build(wire(element, n));
    if (!one.router || !batch.router) return {-2};
    for (const auto& p : packets) one.get<clickos::testing::TestInject>("in")->send_ip(p);
    send_batch_ip(batch, packets);
    auto a = routes(one, n, packets), bb = routes(batch, n, packets);
    return a == bb ? a : std::vector<int>{-3};
}

}  // namespace iptest
