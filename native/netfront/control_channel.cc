#include "control_channel.hh"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clickos::netfront {

bool send_line(int sock, const std::string& line, const std::vector<int>& fds, std::string& error) {
    std::string data = line + "\n";
    size_t sent = 0;
    bool first = true;
    while (sent < data.size()) {
        iovec iov{const_cast<char*>(data.data() + sent), data.size() - sent};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)];
        if (first && !fds.empty()) {
            if (fds.size() > 16) {
                error = "too many descriptors";
                return false;
            }
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
            std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
        }
        ssize_t n = ::sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                // A non-blocking peer socket that is full: wait briefly and retry.
                usleep(1000);
                continue;
            }
            error = std::string("send: ") + std::strerror(errno);
            return false;
        }
        sent += size_t(n);
        first = false;
    }
    return true;
}

LineReader::~LineReader() {
    for (int fd : fds_) ::close(fd);
}

bool LineReader::fill(int sock, std::string& error) {
    char buf[65536];
    iovec iov{buf, sizeof buf};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do {
        n = ::recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
        error = std::string("recv: ") + std::strerror(errno);
        return false;
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            fds_.push_back(fd);
        }
    }
    if (n == 0) return false;
    buffer_.append(buf, size_t(n));
    return true;
}

bool LineReader::next(std::string& line, std::vector<int>& fds) {
    size_t nl = buffer_.find('\n');
    if (nl == std::string::npos) return false;
    line = buffer_.substr(0, nl);
    buffer_.erase(0, nl + 1);
    fds = std::move(fds_);
    fds_.clear();
    return true;
}

bool request(int sock, const std::string& line, const std::vector<int>& send_fds, std::string& reply,
             std::vector<int>& reply_fds, std::string& error) {
    if (!send_line(sock, line, send_fds, error)) return false;
    LineReader reader;
    while (!reader.next(reply, reply_fds)) {
        if (!reader.fill(sock, error)) {
            if (error.empty()) error = "the switch closed the connection";
            return false;
        }
        if (reader.too_long()) {
            error = "reply too long";
            return false;
        }
    }
    return true;
}

}  // namespace clickos::netfront
