// Port memory: layout, buffer bookkeeping, sharing across processes, and refusal of corrupt
// or hostile headers.
#include "netfront/port_memory.hh"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "clickos/platform.hh"

using namespace clickos;
using namespace clickos::netfront;

TEST(PortMemory, LayoutAndInitialBuffers) {
    std::string error;
    auto m = PortMemory::create("vale0:1", 128, 1518, error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->nslots(), 128u);
    EXPECT_EQ(m->nbufs(), 384u);
    EXPECT_GE(m->max_frame(), 1518u);
    EXPECT_EQ(m->buf_size() % 64, 0u);
    EXPECT_EQ(m->rx()->slots[5].buf, 5u);
    EXPECT_EQ(m->tx()->slots[5].buf, 133u);
    EXPECT_EQ(m->buffer_of(m->frame(200) + 10), 200);
    EXPECT_EQ(m->buffer_of(reinterpret_cast<const uint8_t*>(&error)), -1);
    EXPECT_STREQ(m->header()->name, "vale0:1");
}

TEST(PortMemory, BadSizesAreRefused) {
    std::string error;
    EXPECT_FALSE(PortMemory::create("x", 100, 1518, error));
    EXPECT_EQ(error, "ring size 100 is not a power of two from 64 to 2048");
    EXPECT_FALSE(PortMemory::create("x", 4096, 1518, error));
    EXPECT_FALSE(PortMemory::create("x", 64, 10000, error));
    EXPECT_EQ(error, "frame size 10000 is outside 256 to 9234 bytes");
    EXPECT_TRUE(PortMemory::create("jumbo", 64, 9018, error)) << error;
}

TEST(PortMemory, SharedWithAChildProcess) {
    std::string error;
    auto m = PortMemory::create("share", 64, 1518, error);
    ASSERT_TRUE(m) << error;
    pid_t pid = fork();
    if (pid == 0) {
        // The child attaches through the inherited descriptor (duplicated: attach owns it).
        std::string e;
        auto c = PortMemory::attach(dup(m->fd()), e);
        if (!c) _exit(2);
        std::memcpy(c->frame(7), "from child", 10);
        c->tx()->slots[0] = Slot{7, 10, 0};
        c->tx()->head.store(1);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(m->tx()->head.load(), 1u);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(m->frame(7)), 10), "from child");
}

TEST(PortMemory, CorruptHeadersAreRefused) {
    std::string error;
    auto good = PortMemory::create("c", 64, 1518, error);
    ASSERT_TRUE(good);
    auto attach_with = [&](auto corrupt) {
        corrupt(good->header());
        std::string e;
        auto m = PortMemory::attach(dup(good->fd()), e);
        return m ? std::string("attached") : e;
    };
    EXPECT_EQ(attach_with([](PortHeader* h) { h->magic = 0; }), "invalid port memory: bad magic");
    EXPECT_EQ(attach_with([](PortHeader* h) {
                  h->magic = port_magic;
                  h->version = 9;
              }),
              "invalid port memory: layout version 9, expected 1");
    EXPECT_EQ(attach_with([](PortHeader* h) {
                  h->version = port_layout_version;
                  h->nslots = 100;
              }),
              "invalid port memory: bad ring size");
    EXPECT_EQ(attach_with([](PortHeader* h) {
                  h->nslots = 64;
                  h->bufs_offset = 1u << 30;
              }),
              "invalid port memory: regions outside the file");
    // A file too small to hold a header at all.
    int tiny = platform::create_shared_memory("tiny", 16, error);
    std::string e;
    EXPECT_FALSE(PortMemory::attach(tiny, e));
    EXPECT_EQ(e, "port memory too small (16 bytes)");
}
