// AddressInfo: names used in other elements' address arguments and handler writes. The
// expected addresses follow from the definitions by hand (a prefix's broadcast address sets
// every host bit, its gateway the lowest bit of the network address).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

TEST(AddressInfo, NamesStandForTheKindTheArgumentReads) {
    auto b = build(
        "AddressInfo(mauer 10.0.0.1 00:50:ba:85:84:a9, mazu 10.0.0.10 02-00-00-00-00-02);\n"
        "in :: TestInject -> ee :: EtherEncap(0x0800, mauer, mazu) -> ie :: IPEncap(4, mauer, mazu)\n"
        "  -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("ee.src"), "00:50:ba:85:84:a9\n");
    EXPECT_EQ(b.read("ee.dst"), "02:00:00:00:00:02\n");
    EXPECT_EQ(b.read("ie.src"), "10.0.0.1\n");
    EXPECT_EQ(b.read("ie.dst"), "10.0.0.10\n");
    b.get<TestInject>("in")->send("x");
    auto got = b.get<TestCollect>("out")->data();
    ASSERT_EQ(got.size(), 1u);
    // IP source and destination at bytes 12..19 of the IP header.
    EXPECT_EQ(hex(got[0].substr(12, 8)), "0a0000010a00000a");
}

TEST(AddressInfo, SuffixesPickOneKind) {
    auto b = build(
        "AddressInfo(net0 10.1.2.3/24 02:00:00:00:00:07);\n"
        "a :: IPEncap(4, net0:bcast, net0:gw) -> Discard;\n"
        "b :: IPEncap(4, net0:ip, net0) -> Discard;\n"
        "e :: EtherEncap(0x0800, net0:eth, net0) -> Discard;\n"
        "rt :: RadixIPLookup(net0 0, net0:ipnet 1, net0:ip 2, net0/16 3);\n"
        "rt[0] -> Discard; rt[1] -> Discard; rt[2] -> Discard; rt[3] -> Discard;\n"
        "Idle -> a; Idle -> b; Idle -> e; Idle -> rt;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("a.src"), "10.1.2.255\n");
    EXPECT_EQ(b.read("a.dst"), "10.1.2.1\n");
    EXPECT_EQ(b.read("b.src"), "10.1.2.3\n");
    EXPECT_EQ(b.read("b.dst"), "10.1.2.3\n");  // the address written in the prefix
    EXPECT_EQ(b.read("e.src"), "02:00:00:00:00:07\n");
    // As a prefix, a bare name means the network; :ip means the host; NAME/LEN works too.
    std::string table = b.read("rt.table");
    EXPECT_NE(table.find("10.1.2.0/24"), std::string::npos) << table;
    EXPECT_NE(table.find("10.1.2.3/32"), std::string::npos) << table;
    EXPECT_NE(table.find("10.1.0.0/16"), std::string::npos) << table;
}

TEST(AddressInfo, ARPResponderPrefersTheAddressAndTakesBothKinds) {
    auto b = build(
        "AddressInfo(boojum 10.0.0.1/24 00:01:02:03:04:05);\n"
        "a1 :: ARPResponder(boojum 00:01:02:03:04:05) -> Discard;\n"
        "a2 :: ARPResponder(boojum) -> Discard;\n"
        "q :: ARPQuerier(boojum, boojum) -> Discard;\n"
        "Idle -> a1; Idle -> a2; Idle -> [0]q; Idle -> [1]q;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("a1.table"), b.read("a2.table"));
    EXPECT_NE(b.read("a1.table").find("10.0.0.1/32"), std::string::npos) << b.read("a1.table");
    EXPECT_NE(b.read("a1.table").find("00:01:02:03:04:05"), std::string::npos);
    EXPECT_EQ(b.read("q.ipaddr"), "10.0.0.1\n");
    EXPECT_EQ(b.read("q.broadcast"), "10.0.0.255\n");
}

TEST(AddressInfo, HandlerWritesAcceptNames) {
    auto b = build(
        "AddressInfo(mazu 10.0.0.10 02:00:00:00:00:02);\n"
        "e :: EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> i :: IPEncap(4, 1.1.1.1, 2.2.2.2) -> Discard;\n"
        "Idle -> e;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.write("e.dst", "mazu"), "");
    EXPECT_EQ(b.read("e.dst"), "02:00:00:00:00:02\n");
    EXPECT_EQ(b.write("i.dst", "mazu"), "");
    EXPECT_EQ(b.read("i.dst"), "10.0.0.10\n");
    EXPECT_NE(b.write("e.src", "nobody"), "");
}

TEST(AddressInfo, ConfiguredFirstWhereverItIsWritten) {
    auto b = build(
        "Idle -> e :: EtherEncap(0x0800, late, late) -> Discard;\n"
        "AddressInfo(late 0:1:2:3:4:5);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.src"), "00:01:02:03:04:05\n");
}

TEST(AddressInfo, NamesAreLocalToTheirCompound) {
    // Click's own example: mazu is defined inside the compound only.
    const std::string config =
        "AddressInfo(mauer 10.0.0.1);\n"
        "c :: { AddressInfo(mazu 10.0.0.10); input -> inner :: IPEncap(6, mauer, mazu) -> output };\n"
        "Idle -> c -> outer :: IPEncap(6, mauer, mazu) -> Discard;";
    EXPECT_EQ(errors_of(config),
              "test.click:3:41: outer :: IPEncap: DST: expected IP address, and no AddressInfo defines 'mazu'\n");
    auto b = build(
        "AddressInfo(x 10.0.0.1);\n"
        "c :: { AddressInfo(x 10.0.0.2); input -> inner :: IPEncap(6, x, x) -> output };\n"
        "Idle -> c -> outer :: IPEncap(6, x, x) -> Discard;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("c/inner.src"), "10.0.0.2\n");  // the inner definition hides the outer one
    EXPECT_EQ(b.read("outer.src"), "10.0.0.1\n");
}

TEST(AddressInfo, BadUsesAreErrorsAtTheArgument) {
    EXPECT_EQ(errors_of("AddressInfo(x 10.0.0.1);\nIdle -> EtherEncap(0x0800, x, 1:2:3:4:5:6) -> Discard;"),
              "test.click:2:28: EtherEncap@3 :: EtherEncap: SRC: AddressInfo name 'x' has no Ethernet address\n");
    EXPECT_EQ(errors_of("AddressInfo(x 10.0.0.1);\nIdle -> IPEncap(4, x:bcast, x:foo) -> Discard;"),
              "test.click:2:20: IPEncap@3 :: IPEncap: SRC: AddressInfo name 'x' has no IP prefix (needed for :bcast)\n"
              "test.click:2:29: IPEncap@3 :: IPEncap: DST: unknown address suffix ':foo' (use :ip, :ipnet, :bcast, "
              ":gw or :eth)\n");
    EXPECT_EQ(errors_of("AddressInfo(x 10.0.0.1);\nIdle -> IPEncap(4, x:eth, x:ip6) -> Discard;"),
              "test.click:2:20: IPEncap@3 :: IPEncap: SRC: expected IP address, found 'x:eth'\n"
              "test.click:2:27: IPEncap@3 :: IPEncap: DST: IPv6 addresses are not supported\n");
    // Without any AddressInfo the messages stay the plain ones.
    EXPECT_EQ(errors_of("Idle -> IPEncap(4, nobody, 1.2.3.4) -> Discard;"),
              "test.click:1:20: IPEncap@2 :: IPEncap: SRC: expected IP address\n");
}

TEST(AddressInfo, BadDefinitions) {
    EXPECT_EQ(errors_of("AddressInfo(mauer);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: expected 'NAME ADDRESS [ADDRESS...]', found 'mauer'\n");
    EXPECT_EQ(errors_of("AddressInfo(a 10.0.0.1, 9lives 10.0.0.2);"),
              "test.click:1:25: AddressInfo@1 :: AddressInfo: '9lives' is not a valid name (letters, digits, _ - . @; "
              "not starting with a digit)\n");
    EXPECT_EQ(errors_of("AddressInfo(a 10.0.0.1 10.0.0.2);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: a: more than one IP address\n");
    EXPECT_EQ(errors_of("AddressInfo(a fe80::1);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: a: IPv6 addresses are not supported yet ('fe80::1')\n");
    EXPECT_EQ(errors_of("AddressInfo(a 10.0.0.1,\n  a 10.0.0.2);"),
              "test.click:2:3: AddressInfo@1 :: AddressInfo: 'a' is defined more than once\n");
    EXPECT_EQ(errors_of("AddressInfo(a 10.0.0.300);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: a: expected IP address, IP prefix or Ethernet address, "
              "found '10.0.0.300'\n");
}

TEST(AddressInfo, IPFilterHostAndNetTakeNames) {
    auto b = build(
        "AddressInfo(mauer 10.0.0.1, lan 192.168.1.7/24);\n"
        "in :: TestInject -> c :: IPClassifier(src host mauer, dst net lan, dst host lan, -);\n"
        "c[0] -> o0 :: TestCollect; c[1] -> o1 :: TestCollect; c[2] -> o2 :: TestCollect; c[3] -> o3 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    // 20-byte IPv4 headers: source, destination (the checksum is not looked at).
    auto ip = [](const std::string& src, const std::string& dst) {
        return unhex("45000014 00000000 40110000" + src + dst);
    };
    b.get<TestInject>("in")->send_ip(ip("0a000001", "08080808"));
    b.get<TestInject>("in")->send_ip(ip("0a000002", "c0a80163"));  // 192.168.1.99: in lan's network
    b.get<TestInject>("in")->send_ip(ip("0a000002", "08080808"));
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o2")->packets.size(), 0u);
    EXPECT_EQ(b.get<TestCollect>("o3")->packets.size(), 1u);
    EXPECT_NE(errors_of("AddressInfo(mauer 10.0.0.1);\nIdle -> IPFilter(allow src host nobody) -> Discard;"), "");
}

TEST(AddressInfo, IPFilterSuffixes) {
    auto b = build(
        "AddressInfo(lan 192.168.1.7/24);\n"
        "in :: TestInject -> c :: IPClassifier(dst host lan:bcast, dst host lan:gw, src net lan:ipnet, -);\n"
        "c[0] -> o0 :: TestCollect; c[1] -> o1 :: TestCollect; c[2] -> o2 :: TestCollect; c[3] -> o3 :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    auto ip = [](const std::string& src, const std::string& dst) {
        return unhex("45000014 00000000 40110000" + src + dst);
    };
    b.get<TestInject>("in")->send_ip(ip("0a000001", "c0a801ff"));  // to 192.168.1.255
    b.get<TestInject>("in")->send_ip(ip("0a000001", "c0a80101"));  // to 192.168.1.1
    b.get<TestInject>("in")->send_ip(ip("c0a80163", "08080808"));  // from 192.168.1.99
    b.get<TestInject>("in")->send_ip(ip("0a000001", "c0a80107"));  // to 192.168.1.7: none of these
    EXPECT_EQ(b.get<TestCollect>("o0")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o1")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o2")->packets.size(), 1u);
    EXPECT_EQ(b.get<TestCollect>("o3")->packets.size(), 1u);
    // A spaced ':' is still the ternary operator's.
    EXPECT_EQ(errors_of("AddressInfo(lan 192.168.1.7/24);\nIdle -> IPFilter(allow ip vers 4 ? dst host lan : src host "
                        "lan) -> Discard;"),
              "");
}

TEST(AddressInfo, MalformedEthernetIsNotTakenForIPv6) {
    EXPECT_EQ(errors_of("AddressInfo(a 00:11:22:33:44);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: a: expected IP address, IP prefix or Ethernet address, "
              "found '00:11:22:33:44'\n");
    EXPECT_EQ(errors_of("AddressInfo(a 2001:db8:0:0:0:0:0:1);"),
              "test.click:1:13: AddressInfo@1 :: AddressInfo: a: IPv6 addresses are not supported yet "
              "('2001:db8:0:0:0:0:0:1')\n");
}
