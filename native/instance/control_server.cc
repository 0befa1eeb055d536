#include "control_server.hh"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clickos::instance {

namespace {
constexpr int max_commands_per_turn = 64;  // then other connections and the dataplane get a turn
}

bool ControlServer::listen(const std::string& path, std::string& error) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof sa.sun_path) {
        error = "--control: '" + path + "' is not a usable unix socket path (1 to 107 bytes)";
        return false;
    }
    std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    ::unlink(path.c_str());
    mode_t old_mask = ::umask(0177);  // the socket file is created 0600
    int r = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::umask(old_mask);
    if (r < 0 || ::listen(fd, 64) < 0) {
        error = path + ": " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    listen_fd_ = fd;
    poller_.watch(fd, platform::Poller::Read);
    return true;
}

ControlServer::~ControlServer() {
    for (auto& c : connections_) {
        flush(*c);
        platform::close_fd(c->fd);
    }
    if (listen_fd_ >= 0) platform::close_fd(listen_fd_);
}

void ControlServer::set_router(Router* router) {
    router_ = router;
    for (auto& c : connections_) c->protocol.set_router(router);
}

void ControlServer::serve(int64_t timeout_ns) {
    // Copy: servicing changes the watch set.
    std::vector<platform::Poller::Event> ready = poller_.wait(timeout_ns);
    for (const auto& ev : ready) {
        if (paused()) return;
        if (ev.fd == listen_fd_) {
            accept_clients();
            continue;
        }
        for (size_t i = 0; i < connections_.size(); ++i)
            if (connections_[i]->fd == ev.fd) {
                if (!service(*connections_[i])) close_connection(i);
                break;
            }
    }
}

void ControlServer::resume() {
    for (size_t i = 0; i < connections_.size() && !paused();) {
        Connection& c = *connections_[i];
        if (c.queued) {
            c.queued = false;
            if (!service(c)) {
                close_connection(i);
                continue;
            }
        }
        ++i;
    }
}

void ControlServer::accept_clients() {
    for (int k = 0; k < 16; ++k) {
        int fd = platform::accept_connection(listen_fd_);
        if (fd < 0) return;
        if (connections_.size() >= max_connections) {
            platform::close_fd(fd);
            continue;
        }
        connections_.push_back(std::make_unique<Connection>(fd, router_));
        Connection& c = *connections_.back();
        c.out = ControlProtocol::greeting;
        if (!service(c)) close_connection(connections_.size() - 1);
    }
}

bool ControlServer::service(Connection& c) {
    receive(c);
    bool more = process(c);
    flush(c);
    bool sent_all = c.out_pos == c.out.size();
    if (c.broken || ((c.closing || c.read_closed) && !more && !c.queued && sent_all)) return false;
    int want = 0;
    size_t pending = c.out.size() - c.out_pos;
    if (!c.read_closed && !c.closing && !more && !c.queued && pending < max_pending_output)
        want |= platform::Poller::Read;
    if (pending > 0 || more) want |= platform::Poller::Write;
    if (want != c.mask) {
        poller_.watch(c.fd, want);
        c.mask = want;
    }
    return true;
}

void ControlServer::receive(Connection& c) {
    if (c.read_closed || c.closing || c.queued || c.out.size() - c.out_pos >= max_pending_output) return;
    char buf[65536];
    for (int k = 0; k < 4; ++k) {
        long n = platform::recv_some(c.fd, buf, sizeof buf);
        if (n > 0) {
            c.in.append(buf, size_t(n));
            if (size_t(n) < sizeof buf) return;
            continue;
        }
        if (n == 0 || !platform::would_block()) c.read_closed = true;
        return;
    }
}

bool ControlServer::process(Connection& c) {
    if (c.closing) {
        c.in.clear();
        return false;
    }
    size_t pos = 0;
    bool more = true;
    for (int n = 0; n < max_commands_per_turn; ++n) {
        if (paused()) {
            c.queued = pos < c.in.size();
            more = false;
            break;
        }
        if (c.out.size() - c.out_pos >= max_pending_output) break;
        ControlProtocol::Result r = c.protocol.next(c.in, pos, c.read_closed, c.out);
        if (r == ControlProtocol::Result::NeedMore) {
            more = false;
            break;
        }
        if (r == ControlProtocol::Result::Close) {
            c.closing = true;
            c.in.clear();
            return false;
        }
    }
    if (paused() && !c.queued) c.queued = pos < c.in.size();
    c.in.erase(0, pos);
    return more;
}

void ControlServer::flush(Connection& c) {
    if (!control_send(c.fd, c.out, c.out_pos)) c.broken = true;
}

void ControlServer::close_connection(size_t index) {
    int fd = connections_[index]->fd;
    poller_.watch(fd, 0);
    platform::close_fd(fd);
    connections_.erase(connections_.begin() + std::ptrdiff_t(index));
}

}  // namespace clickos::instance
