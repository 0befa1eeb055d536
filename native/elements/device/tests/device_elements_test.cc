// FromDevice and ToDevice: argument errors at their file:line:col, a missing interface, and
// ClickOS's meaning inside an instance (netfront ports). Live traffic over AF_PACKET is
// tested end to end in native/bin/tests/device-netns.test.ts (network namespaces, root).
#include <gtest/gtest.h>
#include <unistd.h>

#include "clickos/platform.hh"
#include "netfront/attachment.hh"
#include "testing.hh"

using namespace clickos;
using namespace clickos::netfront;
using namespace clickos::testing;

namespace {

// Outside an instance unless a test says otherwise.
struct DeviceTest : ::testing::Test {
    void SetUp() override {
        unsetenv("CLICKOS_NETFRONT_PORTS");
        Attachment::forget_all();
    }
    void TearDown() override {
        unsetenv("CLICKOS_NETFRONT_PORTS");
        Attachment::forget_all();
    }
};

std::string error_of(const std::string& config) {
    return errors_of(config);
}

}  // namespace

TEST_F(DeviceTest, RefusesWhatAfPacketCannotDoAtTheArgument) {
    EXPECT_EQ(error_of("FromDevice(eth9, SNAPLEN 5) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: SNAPLEN must be from 14 to 65535\n");
    EXPECT_EQ(error_of("FromDevice(eth9,\n  SNIFFER false) -> Discard;"),
              "test.click:2:3: FromDevice@1 :: FromDevice: SNIFFER false is not supported: it needs KernelFilter "
              "(firewall rules), which is not provided; the host keeps receiving the frames FromDevice reads\n");
    EXPECT_EQ(error_of("FromDevice(eth9, BPF_FILTER \"icmp\") -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: BPF_FILTER is not supported (no pcap filter compiler); "
              "filter with Classifier or IPFilter after FromDevice, or select an EtherType with PROTOCOL\n");
    EXPECT_EQ(error_of("FromDevice(eth9, METHOD PCAP) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: METHOD PCAP is not available: devices are reached with "
              "AF_PACKET (METHOD LINUX)\n");
    EXPECT_EQ(error_of("FromDevice(eth9, CAPTURE NETMAP) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: CAPTURE NETMAP is not available: devices are reached "
              "with AF_PACKET (METHOD LINUX)\n");
    EXPECT_EQ(error_of("FromDevice(eth9, ENCAP IP) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: ENCAP IP is not supported: only ETHER\n");
    EXPECT_EQ(error_of("FromDevice(eth9, BURST 0) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: BURST must be from 1 to 2048\n");
    EXPECT_EQ(error_of("FromDevice(eth9, true, 100, SPEED 3) -> Discard;"),
              "test.click:1:29: FromDevice@1 :: FromDevice: unknown keyword 'SPEED'\n");
    EXPECT_EQ(error_of("FromDevice(eth9, PROMISC maybe) -> Discard;"),
              "test.click:1:18: FromDevice@1 :: FromDevice: PROMISC: expected boolean (true/false)\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(eth9, BURST 2000);"),
              "test.click:1:24: ToDevice@2 :: ToDevice: BURST must be from 1 to 1024\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(eth9, METHOD DEVBPF);"),
              "test.click:1:24: ToDevice@2 :: ToDevice: METHOD DEVBPF is not available: devices are reached with "
              "AF_PACKET (METHOD LINUX)\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(eth9, PROMISC true);"),
              "test.click:1:24: ToDevice@2 :: ToDevice: unknown keyword 'PROMISC'\n");
    EXPECT_EQ(error_of("Idle -> ToDevice();"),
              "test.click:1:9: ToDevice@2 :: ToDevice: missing mandatory DEVNAME argument\n");
}

TEST_F(DeviceTest, MissingInterfaceIsAnErrorAtTheElement) {
    EXPECT_EQ(error_of("Idle -> Discard;\nFromDevice(nosuchif9) -> Discard;"),
              "test.click:2:1: FromDevice@3 :: FromDevice: no interface 'nosuchif9'\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(nosuchif9);"),
              "test.click:1:9: ToDevice@2 :: ToDevice: no interface 'nosuchif9'\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(averyveryverylongname);"),
              "test.click:1:9: ToDevice@2 :: ToDevice: bad interface name 'averyveryverylongname'\n");
    // A number outside an instance: probably a netfront DEVID meant for an instance.
    EXPECT_EQ(error_of("FromDevice(0) -> Discard;"),
              "test.click:1:1: FromDevice@1 :: FromDevice: no interface '0' (outside an instance, FromDevice and "
              "ToDevice name a Linux interface; a switch port is FromNetfront(0, SWITCH NAME))\n");
}

TEST_F(DeviceTest, InsideAnInstanceTheyAreNetfrontPorts) {
    // The switch's half of port 0, as the netfront tests play it.
    std::string e;
    auto mem = PortMemory::create("test", 64, 1518, e);
    ASSERT_TRUE(mem) << e;
    PortFds fds{dup(mem->fd()), platform::create_event(e), platform::create_event(e), platform::create_event(e),
                platform::create_event(e)};
    RingProducer rx(mem->rx(), 64, fds.rx_data);
    RingConsumer tx(mem->tx(), 64, fds.tx_space);
    setenv("CLICKOS_NETFRONT_PORTS", "", 1);  // the host gave this process its ports
    ASSERT_TRUE(Attachment::add(0, fds, e)) << e;

    auto b = build("FromDevice(0) -> c :: Counter -> ToDevice(0);");
    ASSERT_TRUE(b.router) << b.errors;
    EXPECT_EQ(b.read("FromDevice@1.class"), "FromDevice\n");
    EXPECT_EQ(b.read("ToDevice@3.class"), "ToDevice\n");
    const std::string frames[3] = {std::string(60, 'a'), std::string(61, 'b'), std::string(62, 'c')};
    for (uint32_t i = 0; i < 3; ++i) {
        Slot& s = rx.slot(i);
        std::memcpy(mem->frame(s.buf), frames[i].data(), frames[i].size());
        s.len = uint16_t(frames[i].size());
    }
    rx.publish(3);
    b.router->run_for(50'000'000);
    ASSERT_EQ(tx.available(), 3u);
    for (uint32_t i = 0; i < 3; ++i)
        EXPECT_EQ(std::string(reinterpret_cast<char*>(mem->frame(tx.slot(i).buf)), tx.slot(i).len), frames[i]);
    EXPECT_EQ(b.read("c.count"), "3\n");
    EXPECT_EQ(b.read("FromDevice@1.count"), "3\n");  // FromNetfront's handlers
    EXPECT_EQ(b.read("ToDevice@3.zero_copy"), "3\n");
    b.router.reset();

    // Linux-interface keywords are not part of the netfront meaning.
    EXPECT_EQ(error_of("FromDevice(0, PROMISC true) -> Discard;"),
              "test.click:1:15: FromDevice@1 :: FromDevice: PROMISC is a keyword of FromDevice on a Linux "
              "interface; inside an instance FromDevice is a netfront port and takes the arguments of FromNetfront\n");
    EXPECT_EQ(error_of("Idle -> ToDevice(0, QUIET true);"),
              "test.click:1:21: ToDevice@2 :: ToDevice: QUIET is a keyword of ToDevice on a Linux interface; inside "
              "an instance ToDevice is a netfront port and takes the arguments of ToNetfront\n");
    EXPECT_EQ(error_of("FromDevice(4) -> Discard;"),
              "test.click:1:1: FromDevice@1 :: FromDevice: no port 4 among the ports given to this process\n");
}
