// General sockets for the Socket element (Linux): inet and unix, stream and datagram.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "clickos/platform.hh"

namespace clickos::platform {

namespace {

union AnyAddress {
    sockaddr sa;
    sockaddr_in in;
    sockaddr_un un;
};

bool to_native(const SocketAddress& a, AnyAddress& out, socklen_t& len, std::string& error) {
    std::memset(&out, 0, sizeof out);
    if (a.unix_path) {
        if (a.path.empty() || a.path.size() >= sizeof out.un.sun_path) {
            error = a.path + ": not a usable unix socket path";
            return false;
        }
        out.un.sun_family = AF_UNIX;
        std::memcpy(out.un.sun_path, a.path.c_str(), a.path.size() + 1);
        len = socklen_t(offsetof(sockaddr_un, sun_path) + a.path.size() + 1);
    } else {
        out.in.sin_family = AF_INET;
        out.in.sin_addr.s_addr = a.ip;
        out.in.sin_port = htons(a.port);
        len = sizeof out.in;
    }
    return true;
}

void from_native(const AnyAddress& in, socklen_t len, SocketAddress& a) {
    a = SocketAddress{};
    if (in.sa.sa_family == AF_UNIX) {
        a.unix_path = true;
        size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
        a.path.assign(in.un.sun_path, strnlen(in.un.sun_path, std::min(n, sizeof in.un.sun_path)));
    } else if (in.sa.sa_family == AF_INET) {
        a.ip = in.in.sin_addr.s_addr;
        a.port = ntohs(in.in.sin_port);
    }
}

bool fail(const char* call, std::string& error) {
    error = std::string(call) + ": " + std::strerror(errno);
    return false;
}

}  // namespace

int open_socket(bool unix_family, bool stream, std::string& error) {
    int fd = ::socket(unix_family ? AF_UNIX : AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("socket", error);
    return fd;
}

bool set_socket_buffers(int fd, int sndbuf, int rcvbuf, std::string& error) {
    if (sndbuf >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf) < 0)
        return fail("setsockopt(SO_SNDBUF)", error);
    if (rcvbuf >= 0 && ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0)
        return fail("setsockopt(SO_RCVBUF)", error);
    return true;
}

bool set_tcp_nodelay(int fd, std::string& error) {
    int one = 1;
    if (::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) return fail("setsockopt(TCP_NODELAY)", error);
    return true;
}

bool bind_socket(int fd, const SocketAddress& a, std::string& error) {
    AnyAddress n;
    socklen_t len;
    if (!to_native(a, n, len, error)) return false;
    if (!a.unix_path) {
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (::bind(fd, &n.sa, len) < 0) return fail("bind", error);
    return true;
}

bool listen_socket(int fd, int backlog, std::string& error) {
    if (::listen(fd, backlog) < 0) return fail("listen", error);
    return true;
}

bool connect_socket(int fd, const SocketAddress& a, std::string& error) {
    AnyAddress n;
    socklen_t len;
    if (!to_native(a, n, len, error)) return false;
    for (;;) {
        if (::connect(fd, &n.sa, len) == 0) return true;
        if (errno != EINTR) return fail("connect", error);
    }
}

long send_datagram(int fd, const void* buf, size_t n, const SocketAddress* to) {
    AnyAddress a;
    socklen_t len = 0;
    std::string ignored;
    if (to && !to_native(*to, a, len, ignored)) {
        errno = EINVAL;
        return -1;
    }
    for (;;) {
        ssize_t r = ::sendto(fd, buf, n, MSG_NOSIGNAL, to ? &a.sa : nullptr, to ? len : 0);
        if (r < 0 && errno == EINTR) continue;
        return long(r);
    }
}

long recv_datagram(int fd, void* buf, size_t n, SocketAddress* from) {
    AnyAddress a;
    socklen_t len = sizeof a;
    for (;;) {
        ssize_t r = ::recvfrom(fd, buf, n, MSG_TRUNC, from ? &a.sa : nullptr, from ? &len : nullptr);
        if (r < 0 && errno == EINTR) continue;
        if (r >= 0 && from) from_native(a, len, *from);
        return long(r);
    }
}

bool wait_writable(int fd, int64_t timeout_ns) {
    pollfd p{fd, POLLOUT, 0};
    int ms = timeout_ns < 0 ? -1 : int((timeout_ns + 999999) / 1000000);
    for (;;) {
        int r = ::poll(&p, 1, ms);
        if (r < 0 && errno == EINTR) continue;
        return r > 0 && (p.revents & (POLLOUT | POLLERR | POLLHUP));
    }
}

bool peer_address(int fd, SocketAddress& out) {
    AnyAddress a;
    socklen_t len = sizeof a;
    if (::getpeername(fd, &a.sa, &len) < 0) return false;
    from_native(a, len, out);
    return true;
}

}  // namespace clickos::platform
