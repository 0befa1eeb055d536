#include "capture.hh"

#include <cstring>

#include "clickos/platform.hh"

namespace clickos::sw {

Capture* Capture::open(const std::string& path, uint32_t snaplen, std::string& error) {
    int fd;
    bool own = true;
    if (path.rfind("fd:", 0) == 0) {
        fd = std::atoi(path.c_str() + 3);
        own = false;
        if (fd < 0) {
            error = "bad descriptor in '" + path + "'";
            return nullptr;
        }
    } else {
        fd = platform::open_file_write(path, false, error);
        if (fd < 0) return nullptr;
    }
    // The global header: magic, version 2.4, zone 0, sigfigs 0, snaplen, link type 1 (Ethernet).
    uint32_t header[6] = {0xa1b2c3d4u, 0x00040002u, 0, 0, snaplen, 1};
    if (!platform::write_fd_all(fd, header, sizeof header)) {
        error = path + ": " + platform::last_error();
        if (own) platform::close_fd(fd);
        return nullptr;
    }
    auto* c = new Capture();
    c->fd_ = fd;
    c->own_fd_ = own;
    c->snaplen_ = snaplen;
    c->path_ = path;
    return c;
}

Capture::~Capture() {
    if (own_fd_) platform::close_fd(fd_);
}

void Capture::write(const uint8_t* data, uint32_t len) {
    if (failed_) return;
    int64_t now = platform::realtime_ns();
    uint32_t caplen = len < snaplen_ ? len : snaplen_;
    uint32_t rec[4] = {uint32_t(now / 1000000000), uint32_t((now % 1000000000) / 1000), caplen, len};
    if (!platform::write_fd_all(fd_, rec, sizeof rec) || !platform::write_fd_all(fd_, data, caplen)) {
        failed_ = true;  // a closed pipe or a full disk stops the capture, not the switch
        return;
    }
    ++frames_;
}

}  // namespace clickos::sw
