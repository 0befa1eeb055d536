#include "tap_port.hh"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clickos::sw {

std::unique_ptr<TapPort> TapPort::open(const std::string& ifname, std::string& error) {
    if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
        error = "bad interface name '" + ifname + "'";
        return nullptr;
    }
    std::unique_ptr<TapPort> p(new TapPort());
    p->fd_ = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (p->fd_ < 0) {
        error = std::string("/dev/net/tun: ") + std::strerror(errno);
        return nullptr;
    }
    ifreq ifr{};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    if (::ioctl(p->fd_, TUNSETIFF, &ifr) < 0) {
        error = "TUNSETIFF " + ifname + ": " + std::strerror(errno);
        return nullptr;
    }
    // Bring it up, so frames flow as soon as the host configures an address.
    int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s >= 0) {
        if (::ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
            ifr.ifr_flags |= IFF_UP;
            ::ioctl(s, SIOCSIFFLAGS, &ifr);
        }
        ::close(s);
    }
    p->rx_buf_.resize(size_t(rx_batch) * frame_max);
    p->name = ifname;
    return p;
}

TapPort::~TapPort() {
    if (fd_ >= 0) ::close(fd_);
}

uint32_t TapPort::receive(Frame* frames, uint32_t max) {
    uint32_t n = 0;
    more_ = false;
    while (n < max && n < rx_batch) {
        uint8_t* buf = rx_buf_.data() + size_t(n) * frame_max;
        ssize_t r = ::read(fd_, buf, frame_max);
        if (r < 0) break;  // EAGAIN: drained
        if (r < 14) {
            ++counters.bad_frames;
            continue;
        }
        frames[n++] = Frame{buf, uint32_t(r)};
    }
    more_ = n == rx_batch;
    return n;
}

bool TapPort::stage(const uint8_t* data, uint32_t len) {
    ssize_t r = ::write(fd_, data, len);
    return r == ssize_t(len);
}

}  // namespace clickos::sw
