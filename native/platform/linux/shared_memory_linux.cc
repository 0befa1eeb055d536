// Shared memory (memfd) and event descriptors (eventfd) for ring ports, on Linux.
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "clickos/platform.hh"

namespace clickos::platform {

int create_shared_memory(const std::string& name, size_t bytes, std::string& error) {
    int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        error = "memfd_create: " + last_error();
        return -1;
    }
    if (::ftruncate(fd, off_t(bytes)) < 0) {
        error = "ftruncate: " + last_error();
        ::close(fd);
        return -1;
    }
    // The size is part of the ring layout: nobody may shrink it under a peer.
    ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
    return fd;
}

void* map_shared(int fd, size_t bytes, std::string& error) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        error = "mmap: " + last_error();
        return nullptr;
    }
    return p;
}

void unmap_shared(void* p, size_t bytes) {
    if (p) ::munmap(p, bytes);
}

size_t shared_memory_size(int fd) {
    struct stat st;
    if (::fstat(fd, &st) < 0) return 0;
    return size_t(st.st_size);
}

int create_event(std::string& error) {
    int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0) error = "eventfd: " + last_error();
    return fd;
}

void signal_event(int fd) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t r = ::write(fd, &one, sizeof one);
}

void consume_event(int fd) {
    uint64_t v;
    [[maybe_unused]] ssize_t r = ::read(fd, &v, sizeof v);
}

bool wait_readable(int fd, int64_t timeout_ns) {
    pollfd p{fd, POLLIN, 0};
    int ms = timeout_ns < 0 ? -1 : int((timeout_ns + 999999) / 1000000);
    for (;;) {
        int r = ::poll(&p, 1, ms);
        if (r < 0 && errno == EINTR) continue;
        return r > 0;
    }
}

}  // namespace clickos::platform
