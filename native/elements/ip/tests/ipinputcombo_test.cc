// IPInputCombo: frames built by the test (14-byte Ethernet header + ip_packets.hh packets)
// must come out as the bare IP packets with the paint and destination annotations the
// test expects; and, packet for packet, exactly as the documented compound
// Paint -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) treats them.
#include <gtest/gtest.h>

#include "ip_packets.hh"

using namespace clickos;
using namespace clickos::testing;
using namespace iptest;

namespace {

const std::string eth = std::string(12, '\x0a') + std::string("\x08\x00", 2);

struct Seen {
    std::vector<std::string> good, bad;
    std::vector<std::string> notes;  // paint, dst annotation, header offsets per good packet
    std::string drops;
};

std::string note(const Packet* p) {
    return std::to_string(p->paint_anno()) + " " + hex(std::string(reinterpret_cast<const char*>(p->anno()), 4)) + " " +
           std::to_string(p->network_header_offset()) + " " + std::to_string(p->transport_header_offset());
}

// Runs `frames` through `element` (which must be named c, with outputs 0 and 1).
Seen run(const std::string& element, const std::vector<std::string>& frames) {
    auto b = build("in :: TestInject -> " + element + " -> good :: TestCollect; c[1] -> bad :: TestCollect;");
    Seen s;
    if (!b.router) {
        s.drops = b.errors;
        return s;
    }
    for (const auto& f : frames) b.get<TestInject>("in")->send(f);
    s.good = b.get<TestCollect>("good")->data();
    s.bad = b.get<TestCollect>("bad")->data();
    for (Packet* p : b.get<TestCollect>("good")->packets) s.notes.push_back(note(p));
    s.drops = b.read("c.drops");
    return s;
}

std::vector<std::string> sample_frames() {
    IP opts = proto(17);
    opts.options = std::string("\x01\x01\x01\x00", 4);
    IP from_bcast = proto(17);
    from_bcast.src = "255.255.255.255";
    IP bad_sum = proto(17);
    bad_sum.sum = 0x1234;
    std::string v6 = udp_packet();
    v6[0] = 0x65;
    return {eth + udp_packet("a"),
            eth + ip_packet(opts, udp_datagram(opts, 1, 2, "opts")),
            eth + tcp_packet("t") + std::string(10, '\0'),  // link padding
            eth + ip_packet(from_bcast, udp_datagram(from_bcast, 1, 2, "b")),
            eth + ip_packet(bad_sum, udp_datagram(bad_sum, 1, 2, "s")),
            eth + v6,
            eth + udp_packet().substr(0, 19),
            std::string(9, 'x'),
            ""};
}

}  // namespace

TEST(IPInputCombo, StripsChecksAndAnnotates) {
    Seen s = run("c :: IPInputCombo(7)", sample_frames());
    IP opts = proto(17);
    opts.options = std::string("\x01\x01\x01\x00", 4);
    IP from_bcast = proto(17);
    from_bcast.src = "255.255.255.255";
    EXPECT_EQ(s.good,
              (std::vector<std::string>{udp_packet("a"), ip_packet(opts, udp_datagram(opts, 1, 2, "opts")),
                                        tcp_packet("t"), ip_packet(from_bcast, udp_datagram(from_bcast, 1, 2, "b"))}));
    // Paint 7, destination 10.0.0.2, IP header at 0, transport after the options.
    EXPECT_EQ(s.notes,
              (std::vector<std::string>{"7 0a000002 0 20", "7 0a000002 0 24", "7 0a000002 0 20", "7 0a000002 0 20"}));
    std::vector<std::string> frames = sample_frames();
    EXPECT_EQ(s.bad,
              (std::vector<std::string>{frames[4].substr(14), frames[5].substr(14), frames[6].substr(14), "", ""}));
    EXPECT_EQ(s.drops, "5\n");
}

TEST(IPInputCombo, PositionalBadSrcAddsTheBroadcastAndZeroAddresses) {
    IP from_listed = proto(17), from_zero = proto(17), to_good = proto(17);
    from_listed.src = "10.0.0.255";
    from_zero.src = "0.0.0.0";
    to_good.src = "10.0.0.255";
    to_good.dst = "10.0.0.9";
    std::vector<std::string> frames = {eth + ip_packet(from_listed, ""), eth + ip_packet(from_zero, ""),
                                       eth + ip_packet(to_good, ""), eth + udp_packet()};
    EXPECT_EQ(run("c :: IPInputCombo(1, 10.0.0.255, GOODDST 10.0.0.9)", frames).good,
              (std::vector<std::string>{ip_packet(to_good, ""), udp_packet()}));
    // As a keyword, BADSRC lists exactly the bad sources.
    EXPECT_EQ(run("c :: IPInputCombo(1, BADSRC 10.0.0.255)", frames).good,
              (std::vector<std::string>{ip_packet(from_zero, ""), udp_packet()}));
    // INTERFACES: the subnet broadcast and 0.0.0.0 are bad sources; only the interface's own
    // address is a good destination, which 10.0.0.9 is not.
    EXPECT_EQ(run("c :: IPInputCombo(1, INTERFACES 10.0.0.1/24)", frames).good, std::vector<std::string>{udp_packet()});
}

TEST(IPInputCombo, BehavesLikeItsCompound) {
    const char* args[][2] = {{"9", "9"}, {"2, 10.0.0.255", "2"}, {"3, INTERFACES 10.0.0.1/24", "3"}};
    const char* check[] = {"CheckIPHeader", "CheckIPHeader(10.0.0.255)", "CheckIPHeader(INTERFACES 10.0.0.1/24)"};
    std::vector<std::string> frames = sample_frames();
    IP from_net_bcast = proto(17);
    from_net_bcast.src = "10.0.0.255";
    frames.push_back(eth + ip_packet(from_net_bcast, "x"));
    for (int i = 0; i < 3; ++i) {
        Seen combo = run(std::string("c :: IPInputCombo(") + args[i][0] + ")", frames);
        Seen compound = run(
            std::string("Paint(") + args[i][1] + ") -> Strip(14) -> c :: " + check[i] + " -> GetIPAddress(16)", frames);
        EXPECT_EQ(combo.good, compound.good) << i;
        EXPECT_EQ(combo.notes, compound.notes) << i;
        EXPECT_EQ(combo.bad, compound.bad) << i;
        EXPECT_EQ(combo.drops, compound.drops) << i;
    }
}

TEST(IPInputCombo, HandlersAndArguments) {
    auto b = build("in :: TestInject -> c :: IPInputCombo(4, DETAILS true) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("c.color"), "4\n");
    EXPECT_EQ(b.write("c.color", "300"), "color: integer out of range (0 to 255)");
    EXPECT_EQ(b.write("c.color", "5"), "");
    b.get<TestInject>("in")->send(eth + udp_packet());
    b.get<TestInject>("in")->send("short");
    ASSERT_EQ(b.get<TestCollect>("out")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("out")->packets[0]->paint_anno(), 5);
    EXPECT_EQ(b.read("c.drops"), "1\n");
    EXPECT_NE(b.read("c.drop_details").find("1"), std::string::npos);
    EXPECT_EQ(errors_of("TestInject -> c :: IPInputCombo -> TestCollect;"),
              "test.click:1:15: c :: IPInputCombo: missing mandatory COLOR argument\n");
    EXPECT_EQ(errors_of("TestInject -> c :: IPInputCombo(256) -> TestCollect;"),
              "test.click:1:33: c :: IPInputCombo: COLOR: integer out of range (0 to 255)\n");
    EXPECT_EQ(errors_of("TestInject -> c :: IPInputCombo(1, 10.0.0) -> TestCollect;"),
              "test.click:1:36: c :: IPInputCombo: BADSRC: expected space-separated IP addresses, found '10.0.0'\n");
}
