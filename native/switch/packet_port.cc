#include "packet_port.hh"

#include <net/if.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "clickos/platform.hh"

namespace clickos::sw {

std::unique_ptr<PacketPort> PacketPort::open(const std::string& ifname, std::string& error) {
    platform::PacketSocketOptions o;
    o.promiscuous = true;
    o.qdisc_bypass = true;
    o.outgoing = false;  // do not see our own transmissions back
    // 128 blocks of 64 KiB: 8 MiB of receive ring, 4096 frames at MTU 1500 (a stream's frames
    // take a slot each, so the ring holds fewer than the per-block ring did: 4 MiB dropped
    // frames when the switch was descheduled on a loaded machine). Each frame is readable as
    // soon as it arrived (TPACKET_V2), so a lone frame is forwarded at once.
    o.ring_blocks = 128;
    o.block_bytes = 1 << 16;
    std::unique_ptr<PacketPort> p(new PacketPort());
    p->socket_ = platform::PacketSocket::open(ifname, o, error);
    if (!p->socket_) return nullptr;
    p->wake_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    p->pause_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = p->pause_fd_;
    if (p->wake_fd_ < 0 || p->pause_fd_ < 0 || ::epoll_ctl(p->wake_fd_, EPOLL_CTL_ADD, p->pause_fd_, &ev) < 0 ||
        !p->set_socket_watched(true)) {
        error = std::string("NIC port wake-up descriptors: ") + std::strerror(errno);
        return nullptr;
    }
    p->tx_buf_.resize(size_t(tx_batch) * tx_frame);
    for (uint32_t i = 0; i < tx_batch; ++i) p->tx_data_[i] = p->tx_buf_.data() + size_t(i) * tx_frame;
    p->name = ifname;
    p->ifindex_ = int(if_nametoindex(ifname.c_str()));
    return p;
}

PacketPort::~PacketPort() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (pause_fd_ >= 0) ::close(pause_fd_);
}

bool PacketPort::set_socket_watched(bool on) {
    // Removed, not masked, while paused: then the kernel finds no waiter to call per frame.
    if (!on) return ::epoll_ctl(wake_fd_, EPOLL_CTL_DEL, socket_->fd(), nullptr) == 0;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = socket_->fd();
    return ::epoll_ctl(wake_fd_, EPOLL_CTL_ADD, socket_->fd(), &ev) == 0;
}

void PacketPort::woken() {
    if (asleep_) {
        asleep_ = false;
        woke_ns_ = platform::monotonic_ns();
    }
    uint64_t expirations;
    if (paused_ && ::read(pause_fd_, &expirations, sizeof expirations) == sizeof expirations) {
        paused_ = false;
        set_socket_watched(true);
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(socket_->fd(), SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0 &&
        int(if_nametoindex(name.c_str())) != ifindex_)
        interface_gone_ = true;  // deleted (or renamed): this socket will never see it again
}

uint32_t PacketPort::receive(Frame* frames, uint32_t max) {
    uint32_t got = socket_->receive(received_, std::min(max, rx_batch));
    last_got_ = got;
    uint32_t n = 0;
    for (uint32_t i = 0; i < got; ++i) {
        // A frame longer than its ring slot (the MTU grew after attaching) arrives cut short:
        // forwarding it would deliver a corrupt frame.
        if (received_[i].length >= 14 && received_[i].length == received_[i].wire_length)
            frames[n++] = Frame{received_[i].data, received_[i].length};
        else
            ++counters.bad_frames;
    }
    return n;
}

void PacketPort::release_received(uint32_t) {
    // Frames are not kept: their ring slots go back to the kernel.
    socket_->release();
}

bool PacketPort::more_or_sleep() {
    // The last sleep was short: frames stream in. Unless a full batch waits, gather them for
    // a while (the switch forwards them in one poll then) rather than poll for each one.
    bool streaming = woke_ns_ >= slept_ns_ && woke_ns_ - slept_ns_ < stream_gap_ns;
    if (socket_->pending() && (!streaming || last_got_ == rx_batch)) return true;
    if (streaming && !paused_) {
        itimerspec t{};
        t.it_value.tv_nsec = pause_ns;
        if (set_socket_watched(false)) {
            if (::timerfd_settime(pause_fd_, 0, &t, nullptr) == 0)
                paused_ = true;
            else
                set_socket_watched(true);
        }
    }
    if (!paused_ && socket_->pending()) return true;  // the pause could not start
    slept_ns_ = platform::monotonic_ns();
    asleep_ = true;
    return false;
}

bool PacketPort::stage(const uint8_t* data, uint32_t len) {
    if (tx_count_ >= tx_batch) flush();
    if (len > tx_frame) return false;
    std::memcpy(tx_buf_.data() + size_t(tx_count_) * tx_frame, data, len);
    tx_len_[tx_count_++] = len;
    return true;
}

void PacketPort::flush() {
    if (tx_count_ == 0) return;
    // A refused frame means the device queue is full: the rest is dropped, as on a busy wire.
    uint32_t sent = socket_->send(tx_data_, tx_len_, tx_count_);
    if (sent < tx_count_) {
        uint64_t lost = tx_count_ - sent;
        counters.tx_drops += lost;
        counters.tx_packets -= std::min<uint64_t>(counters.tx_packets, lost);
    }
    tx_count_ = 0;
}

}  // namespace clickos::sw
