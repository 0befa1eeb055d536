// The platform layer on Linux (process backend and clickos-run).
#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clickos/platform.hh"

namespace clickos::platform {

int64_t monotonic_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int64_t realtime_ns() {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

static void write_all(int fd, std::string_view s) {
    while (!s.empty()) {
        ssize_t n = ::write(fd, s.data(), s.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        s.remove_prefix(size_t(n));
    }
}

void write_stdout(std::string_view s) {
    write_all(1, s);
}
void write_stderr(std::string_view s) {
    write_all(2, s);
}

void* alloc_region(size_t bytes) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
}

void free_region(void* p, size_t bytes) {
    if (p) ::munmap(p, bytes);
}

std::string last_error() {
    return std::strerror(errno);
}

bool read_file(const std::string& path, std::string& out, std::string& error) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = path + ": " + last_error();
        return false;
    }
    out.clear();
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = path + ": " + last_error();
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        out.append(buf, size_t(n));
    }
    ::close(fd);
    return true;
}

int open_file_read(const std::string& path, std::string& error) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) error = path + ": " + last_error();
    return fd;
}

int open_file_write(const std::string& path, bool append, std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0) error = path + ": " + last_error();
    return fd;
}

long read_fd(int fd, void* buf, size_t n) {
    for (;;) {
        ssize_t r = ::read(fd, buf, n);
        if (r < 0 && errno == EINTR) continue;
        return long(r);
    }
}

bool write_fd_all(int fd, const void* buf, size_t n) {
    const char* p = static_cast<const char*>(buf);
    while (n > 0) {
        ssize_t r = ::write(fd, p, n);
        if (r < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += r;
        n -= size_t(r);
    }
    return true;
}

void close_fd(int fd) {
    if (fd >= 0) ::close(fd);
}

bool remove_file(const std::string& path) {
    return ::unlink(path.c_str()) == 0;
}

int listen_unix(const std::string& path, std::string& error) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) {
        error = path + ": path too long for a unix socket";
        return -1;
    }
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error = "socket: " + last_error();
        return -1;
    }
    ::unlink(path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || ::listen(fd, 16) < 0) {
        error = path + ": " + last_error();
        ::close(fd);
        return -1;
    }
    return fd;
}

int listen_tcp(int port, bool loopback_only, std::string& error) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error = "socket: " + last_error();
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(port));
    sa.sin_addr.s_addr = htonl(loopback_only ? INADDR_LOOPBACK : INADDR_ANY);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0 || ::listen(fd, 16) < 0) {
        error = "port " + std::to_string(port) + ": " + last_error();
        ::close(fd);
        return -1;
    }
    return fd;
}

int connect_unix(const std::string& path, std::string& error) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof sa.sun_path) {
        error = path + ": path too long for a unix socket";
        return -1;
    }
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
        error = path + ": " + last_error();
        if (fd >= 0) ::close(fd);
        return -1;
    }
    return fd;
}

int connect_tcp(const std::string& host, int port, std::string& error) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(port));
    if (::inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) {
        error = host + ": not an IPv4 address";
        return -1;
    }
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
        error = host + ":" + std::to_string(port) + ": " + last_error();
        if (fd >= 0) ::close(fd);
        return -1;
    }
    return fd;
}

int accept_connection(int listen_fd) {
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    return fd;
}

long send_some(int fd, const void* buf, size_t n) {
    for (;;) {
        ssize_t r = ::send(fd, buf, n, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR) continue;
        return long(r);
    }
}

long recv_some(int fd, void* buf, size_t n) {
    for (;;) {
        ssize_t r = ::recv(fd, buf, n, 0);
        if (r < 0 && errno == EINTR) continue;
        return long(r);
    }
}

bool would_block() {
    return errno == EAGAIN || errno == EWOULDBLOCK;
}

void set_nonblocking(int fd) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

Poller::Poller() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

Poller::~Poller() {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void Poller::watch(int fd, int mask) {
    epoll_event ev{};
    ev.events = ((mask & Read) ? uint32_t(EPOLLIN) : 0u) | ((mask & Write) ? uint32_t(EPOLLOUT) : 0u);
    ev.data.fd = fd;
    if (mask == 0) {
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
        return;
    }
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) < 0 && errno == ENOENT)
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

const std::vector<Poller::Event>& Poller::wait(int64_t timeout_ns) {
    ready_.clear();
    epoll_event evs[64];
    int timeout_ms = timeout_ns < 0 ? -1 : int((timeout_ns + 999999) / 1000000);
    int n = ::epoll_wait(epoll_fd_, evs, 64, timeout_ms);
    for (int i = 0; i < n; ++i) {
        if (evs[i].data.fd == wake_fd_) {
            uint64_t v;
            [[maybe_unused]] ssize_t r = ::read(wake_fd_, &v, sizeof v);
            continue;
        }
        int mask = ((evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) ? int(Read) : 0) |
                   ((evs[i].events & EPOLLOUT) ? int(Write) : 0);
        ready_.push_back({evs[i].data.fd, mask});
    }
    return ready_;
}

void Poller::wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t r = ::write(wake_fd_, &one, sizeof one);
}

void* load_library(const std::string& path, std::string& error) {
    void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) error = ::dlerror();
    return h;
}

void* library_symbol(void* handle, const char* name) {
    return ::dlsym(handle, name);
}

void on_interrupt(void (*on_signal)(int)) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

}  // namespace clickos::platform
