// The 802.1Q elements: frames written by hand from the 802.1Q layout (destination, source,
// TPID 0x8100, TCI = PCP << 13 | VLAN ID, then the encapsulated type).
#include <gtest/gtest.h>

#include "testing.hh"

using namespace clickos;
using namespace clickos::testing;

namespace {

const std::string kAddrs = "020000000002 020000000001";  // destination, source
const std::string kPlain = unhex(kAddrs + " 0800 41424344");

std::string tagged(const std::string& tpid_tci) {
    return unhex(kAddrs + " " + tpid_tci + " 0800 41424344");
}

uint16_t tci_anno(const Packet* p) {
    return uint16_t(p->anno()[anno::vlan_tci] << 8 | p->anno()[anno::vlan_tci + 1]);
}

std::vector<std::string> through(const std::string& element, const std::vector<std::string>& in) {
    auto b = build("in :: TestInject -> " + element + " -> out :: TestCollect;");
    EXPECT_TRUE(b.router) << b.errors;
    if (!b.router) return {};
    b.get<TestInject>("in")->send_batch(in);
    return b.get<TestCollect>("out")->data();
}

}  // namespace

TEST(VLANEncap, InsertsTheTagAfterTheAddresses) {
    EXPECT_EQ(through("VLANEncap(VLAN_ID 5, VLAN_PCP 3)", {kPlain}), std::vector<std::string>{tagged("8100 6005")});
    EXPECT_EQ(through("VLANEncap(0x6005)", {kPlain}), std::vector<std::string>{tagged("8100 6005")});
    // VLAN_PCP replaces the TCI's priority bits.
    EXPECT_EQ(through("VLANEncap(0x0005, 7)", {kPlain}), std::vector<std::string>{tagged("8100 e005")});
    EXPECT_EQ(through("VLANEncap(VLAN_ID 0xfff, ETHERTYPE 0x88a8)", {kPlain}),
              std::vector<std::string>{tagged("88a8 0fff")});
}

TEST(VLANEncap, NativeVLANStaysUntaggedAndShortFramesAreDropped) {
    EXPECT_EQ(through("VLANEncap(VLAN_ID 0)", {kPlain}), std::vector<std::string>{kPlain});
    EXPECT_EQ(through("VLANEncap(VLAN_ID 7, NATIVE_VLAN 7)", {kPlain}), std::vector<std::string>{kPlain});
    EXPECT_EQ(through("VLANEncap(VLAN_ID 0, NATIVE_VLAN -1)", {kPlain}), std::vector<std::string>{tagged("8100 0000")});
    EXPECT_EQ(through("VLANEncap(VLAN_ID 5)", {kPlain.substr(0, 13), kPlain}),
              std::vector<std::string>{tagged("8100 0005")});
}

TEST(VLANEncap, AnnoModeTakesTheTagFromSetVLANAnno) {
    EXPECT_EQ(through("SetVLANAnno(VLAN_ID 10, VLAN_PCP 1) -> VLANEncap(ANNO)", {kPlain}),
              std::vector<std::string>{tagged("8100 200a")});
    EXPECT_EQ(through("SetVLANAnno(0x0003) -> VLANEncap(ANNO, NATIVE_VLAN 3)", {kPlain}),
              std::vector<std::string>{kPlain});
}

TEST(VLANEncap, Handlers) {
    auto b = build("in :: TestInject -> v :: VLANEncap(VLAN_ID 5, VLAN_PCP 3) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("v.vlan_tci"), "24581\n");  // 0x6005
    EXPECT_EQ(b.read("v.vlan_id"), "5\n");
    EXPECT_EQ(b.read("v.vlan_pcp"), "3\n");
    EXPECT_EQ(b.read("v.native_vlan"), "0\n");
    EXPECT_EQ(b.read("v.ethertype"), "0x8100\n");
    EXPECT_EQ(b.write("v.vlan_id", "9"), "");
    EXPECT_EQ(b.write("v.vlan_pcp", "8"), "vlan_pcp: expected VLAN priority code point (0 to 7)");
    EXPECT_EQ(b.write("v.vlan_id", "4096"), "vlan_id: expected VLAN ID (0 to 0xFFF)");
    b.get<TestInject>("in")->send(kPlain);
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{tagged("8100 6009")});
    EXPECT_EQ(b.write("v.vlan_tci", "ANNO"), "");
    EXPECT_EQ(b.read("v.vlan_tci"), "ANNO\n");
}

TEST(VLANEncap, BadArguments) {
    EXPECT_EQ(errors_of("TestInject -> VLANEncap -> TestCollect;"),
              "test.click:1:15: VLANEncap@2 :: VLANEncap: give exactly one of VLAN_TCI and VLAN_ID\n");
    EXPECT_EQ(errors_of("TestInject -> VLANEncap(5, VLAN_ID 5) -> TestCollect;"),
              "test.click:1:15: VLANEncap@2 :: VLANEncap: give exactly one of VLAN_TCI and VLAN_ID\n");
    EXPECT_EQ(errors_of("TestInject -> VLANEncap(VLAN_ID 4096) -> TestCollect;"),
              "test.click:1:25: VLANEncap@2 :: VLANEncap: VLAN_ID: expected VLAN ID (0 to 0xFFF)\n");
    EXPECT_EQ(errors_of("TestInject -> VLANEncap(VLAN_ID 1, NATIVE_VLAN -2) -> TestCollect;"),
              "test.click:1:36: VLANEncap@2 :: VLANEncap: NATIVE_VLAN: expected native VLAN ID (-1 for none, or 0 "
              "to 0xFFF)\n");
    EXPECT_EQ(errors_of("TestInject -> VLANEncap(nope) -> TestCollect;"),
              "test.click:1:25: VLANEncap@2 :: VLANEncap: VLAN_TCI: expected VLAN TCI (0 to 0xFFFF) or ANNO\n");
}

TEST(VLANDecap, RemovesTheTagAndKeepsTheTCI) {
    auto b = build("in :: TestInject -> VLANDecap -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({tagged("8100 6005"), kPlain});
    auto& out = *b.get<TestCollect>("out");
    ASSERT_EQ(out.data(), (std::vector<std::string>{kPlain, kPlain}));
    EXPECT_EQ(tci_anno(out.packets[0]), 0x6005);
    EXPECT_EQ(tci_anno(out.packets[1]), 0);
    EXPECT_EQ(out.packets[0]->mac_header(), out.packets[0]->data());
}

TEST(VLANDecap, TruncatedTagsPassUnchangedAndOtherTypesCanBeChosen) {
    std::string truncated = unhex(kAddrs + " 8100 60");  // 15 bytes: no room for the TCI
    EXPECT_EQ(through("VLANDecap", {truncated, kPlain.substr(0, 5), ""}),
              (std::vector<std::string>{truncated, kPlain.substr(0, 5), ""}));
    EXPECT_EQ(through("VLANDecap(ETHERTYPE 0x88a8)", {tagged("88a8 0001"), tagged("8100 0001")}),
              (std::vector<std::string>{kPlain, tagged("8100 0001")}));
    // ANNO false leaves the annotation alone.
    auto b = build("in :: TestInject -> SetVLANAnno(77) -> VLANDecap(false) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(tagged("8100 0005"));
    EXPECT_EQ(tci_anno(b.get<TestCollect>("out")->packets.at(0)), 77);
}

TEST(SetVLANAnno, SetsTheAnnotationAndHandlers) {
    auto b = build("in :: TestInject -> s :: SetVLANAnno(VLAN_ID 100, VLAN_PCP 6) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send(kPlain);
    EXPECT_EQ(tci_anno(b.get<TestCollect>("out")->packets.at(0)), 0xc064);  // 6 << 13 | 100
    EXPECT_EQ(b.get<TestCollect>("out")->data()[0], kPlain);
    EXPECT_EQ(b.read("s.vlan_tci"), "49252\n");
    EXPECT_EQ(b.read("s.vlan_id"), "100\n");
    EXPECT_EQ(b.read("s.vlan_pcp"), "6\n");
    EXPECT_EQ(b.write("s.vlan_pcp", "0"), "");
    EXPECT_EQ(b.read("s.vlan_tci"), "100\n");
    EXPECT_EQ(errors_of("TestInject -> SetVLANAnno -> TestCollect;"),
              "test.click:1:15: SetVLANAnno@2 :: SetVLANAnno: give exactly one of VLAN_TCI and VLAN_ID\n");
    EXPECT_EQ(errors_of("TestInject -> SetVLANAnno(1, 9) -> TestCollect;"),
              "test.click:1:30: SetVLANAnno@2 :: SetVLANAnno: VLAN_PCP: expected VLAN priority code point (0 to 7)\n");
}

TEST(EtherVLANEncap, PrependsTheTaggedHeader) {
    const std::string e = "EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, ";
    EXPECT_EQ(through(e + "1)", {"AB"}),
              std::vector<std::string>{unhex("020202020202 010101010101 8100 0001 0800 4142")});
    EXPECT_EQ(through(e + "1, 5)", {"AB"}),
              std::vector<std::string>{unhex("020202020202 010101010101 8100 a001 0800 4142")});
    // The native VLAN (0 by default) gets a plain Ethernet header.
    EXPECT_EQ(through(e + "VLAN_ID 0)", {"AB"}),
              std::vector<std::string>{unhex("020202020202 010101010101 0800 4142")});
    EXPECT_EQ(through(e + "VLAN_ID 0, NATIVE_VLAN -1)", {"AB"}),
              std::vector<std::string>{unhex("020202020202 010101010101 8100 0000 0800 4142")});
    EXPECT_EQ(through("SetVLANAnno(0x2abc) -> " + e + "ANNO)", {"AB"}),
              std::vector<std::string>{unhex("020202020202 010101010101 8100 2abc 0800 4142")});
}

TEST(EtherVLANEncap, HandlersAndBadArguments) {
    auto b =
        build("in :: TestInject -> e :: EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2, 1) -> out :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("e.ethertype"), "0x0800\n");
    EXPECT_EQ(b.read("e.src"), "01:01:01:01:01:01\n");
    EXPECT_EQ(b.write("e.dst", "ff:ff:ff:ff:ff:ff"), "");
    EXPECT_EQ(b.write("e.ethertype", "0x86dd"), "");
    EXPECT_EQ(b.write("e.vlan_id", "2"), "");
    EXPECT_EQ(b.write("e.src", "nope"), "src: expected Ethernet address");
    b.get<TestInject>("in")->send("");
    EXPECT_EQ(hex(b.get<TestCollect>("out")->data().at(0)), "ffffffffffff0101010101018100000286dd");
    EXPECT_EQ(errors_of("TestInject -> EtherVLANEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> TestCollect;"),
              "test.click:1:15: EtherVLANEncap@2 :: EtherVLANEncap: give exactly one of VLAN_TCI and VLAN_ID\n");
    EXPECT_EQ(errors_of("TestInject -> EtherVLANEncap(0x0800, 1:1:1:1:1, 2:2:2:2:2:2, 1) -> TestCollect;"),
              "test.click:1:38: EtherVLANEncap@2 :: EtherVLANEncap: SRC: expected Ethernet address\n");
}

TEST(StripEtherVLANHeader, StripsTaggedAndNativeFrames) {
    auto b =
        build("in :: TestInject -> s :: StripEtherVLANHeader(7) -> out :: TestCollect; s[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    std::string truncated = unhex(kAddrs + " 8100 000100");  // 17 bytes
    b.get<TestInject>("in")->send_batch({tagged("8100 6005"), kPlain, kPlain.substr(0, 13), truncated});
    auto& out = *b.get<TestCollect>("out");
    ASSERT_EQ(out.data(), (std::vector<std::string>{unhex("41424344"), unhex("41424344")}));
    EXPECT_EQ(tci_anno(out.packets[0]), 0x6005);
    EXPECT_EQ(tci_anno(out.packets[1]), 7);
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), (std::vector<std::string>{kPlain.substr(0, 13), truncated}));
    EXPECT_EQ(b.read("s.native_vlan"), "7\n");
}

TEST(StripEtherVLANHeader, NegativeNativeVLANRefusesUntaggedFrames) {
    auto b =
        build("in :: TestInject -> s :: StripEtherVLANHeader(-1) -> out :: TestCollect; s[1] -> bad :: TestCollect;");
    ASSERT_TRUE(b.router) << b.errors;
    b.get<TestInject>("in")->send_batch({kPlain, tagged("8100 0001")});
    EXPECT_EQ(b.get<TestCollect>("out")->data(), std::vector<std::string>{unhex("41424344")});
    EXPECT_EQ(b.get<TestCollect>("bad")->data(), std::vector<std::string>{kPlain});
    // Without output 1 they are dropped.
    EXPECT_EQ(through("StripEtherVLANHeader(-1)", {kPlain, ""}), std::vector<std::string>{});
    EXPECT_EQ(errors_of("TestInject -> StripEtherVLANHeader(5000) -> TestCollect;"),
              "test.click:1:36: StripEtherVLANHeader@2 :: StripEtherVLANHeader: NATIVE_VLAN: expected native VLAN ID "
              "(-1 for none, or 0 to 0xFFF)\n");
}
