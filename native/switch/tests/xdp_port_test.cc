// AF_XDP port set-up that needs no network: the BPF filesystem libxdp relies on is mounted
// when missing (once, however often asked) and an impossible mount is a clear error; bad
// interface names are refused by name. Forwarding over AF_XDP is tested end to end in
// native/bin/tests/switch-netns.test.ts (veth pairs in network namespaces).
#include "xdp_port.hh"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace clickos::sw;

namespace {
int mounts_at(const std::string& path) {
    std::ifstream in("/proc/self/mounts");
    std::string dev, where, rest;
    int n = 0;
    while (in >> dev >> where && std::getline(in, rest))
        if (where == path) ++n;
    return n;
}

// Points libxdp's BPF filesystem at `path` for the scope of a test.
struct BpffsAt {
    explicit BpffsAt(const std::string& path) { setenv("LIBXDP_BPFFS", path.c_str(), 1); }
    ~BpffsAt() { unsetenv("LIBXDP_BPFFS"); }
};
}  // namespace

TEST(XdpPort, MountsTheBpfFilesystemWhenMissingAndOnlyOnce) {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a BPF filesystem needs root";
    char dir[] = "/tmp/clickos-bpffs-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    {
        BpffsAt at(dir);
        std::string error;
        ASSERT_TRUE(ensure_bpffs(error)) << error;
        struct statfs st {};
        ASSERT_EQ(statfs(dir, &st), 0);
        EXPECT_EQ(long(st.f_type), 0xcafe4a11L);  // BPF_FS_MAGIC
        EXPECT_TRUE(ensure_bpffs(error)) << error;
        EXPECT_EQ(mounts_at(dir), 1);  // the second call found it mounted
    }
    EXPECT_EQ(umount(dir), 0);
    rmdir(dir);
}

TEST(XdpPort, AnImpossibleMountIsAClearError) {
    BpffsAt at("/proc/self/no/such/dir");
    std::string error;
    EXPECT_FALSE(ensure_bpffs(error));
    EXPECT_EQ(error.rfind("libxdp needs a BPF filesystem at /proc/self/no/such/dir, and mounting one failed: ", 0), 0u)
        << error;
}

TEST(XdpPort, BadInterfacesAreRefusedByName) {
    std::string error;
    EXPECT_EQ(XdpPort::open("nosuchif0", XdpPort::ZeroCopy::Try, error), nullptr);
    EXPECT_EQ(error, "no interface 'nosuchif0'");
    EXPECT_EQ(XdpPort::open("a-name-longer-than-ifnamsiz", XdpPort::ZeroCopy::Try, error), nullptr);
    EXPECT_EQ(error, "bad interface name 'a-name-longer-than-ifnamsiz'");
}
